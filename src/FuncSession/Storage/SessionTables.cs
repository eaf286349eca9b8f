using Azure.Data.Tables;
using FuncSession.Telemetry;
using Microsoft.Extensions.Options;

namespace FuncSession.Storage;

/// <summary>
/// The clients of the service's tables, made once from the one <see cref="TableServiceClient"/>, and the
/// instruments every call to them reports to (see <see cref="StorageCalls"/>).
/// </summary>
internal sealed class SessionTables
{
    public const string SessionsName = "Sessions";
    public const string SessionExpiryName = "SessionExpiry";
    public const string UserSessionsName = "UserSessions";
    public const string UsersName = "Users";
    public const string LoginThrottleName = "LoginThrottle";

    public SessionTables(TableServiceClient service, IOptions<SessionOptions> options, FuncSessionMetrics metrics)
    {
        Metrics = metrics;
        var prefix = options.Value.TablePrefix;
        Sessions = service.GetTableClient(prefix + SessionsName);
        SessionExpiry = service.GetTableClient(prefix + SessionExpiryName);
        UserSessions = service.GetTableClient(prefix + UserSessionsName);
        Users = service.GetTableClient(prefix + UsersName);
        LoginThrottle = service.GetTableClient(prefix + LoginThrottleName);
    }

    public FuncSessionMetrics Metrics { get; }

    public TableClient Sessions { get; }

    public TableClient SessionExpiry { get; }

    public TableClient UserSessions { get; }

    public TableClient Users { get; }

    public TableClient LoginThrottle { get; }

    public IEnumerable<TableClient> All => [Sessions, SessionExpiry, UserSessions, Users, LoginThrottle];
}
