using Azure;
using Azure.Data.Tables;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// Sessions in Table Storage, one entity per session (<see cref="SessionEntity"/>), partitioned
/// by the session key, so a read is one point read.
/// </summary>
internal sealed class TableSessionStore(SessionTables tables) : ISessionStore
{
    /// <summary>The column of an expiry-index entry that names the session's user; absent for anonymous sessions.</summary>
    public const string ExpiryUserKey = "UserKey";

    public async Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        await ConditionalEntities.ReadAsync(tables.Metrics, "session.read", tables.Sessions, key, SessionEntity.RowKeyFor(key), cancellationToken) is { } entity ? SessionEntity.ToSession(entity) : null;

    public async Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.AddAsync(tables.Metrics, "session.add", tables.Sessions, SessionEntity.From(session), cancellationToken);
        session.Version = outcome == WriteOutcome.Written ? version : session.Version;
        return outcome;
    }

    public async Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.ReplaceAsync(tables.Metrics, "session.replace", tables.Sessions, SessionEntity.From(session), session.Version, cancellationToken);
        session.Version = outcome == WriteOutcome.Written ? version : session.Version;
        return outcome;
    }

    public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.delete", async ct =>
        {
            try
            {
                // ETag.All when no version is given: ending a session is meant to win over any concurrent write.
                var response = await tables.Sessions.DeleteEntityAsync(key, SessionEntity.RowKeyFor(key), version is null ? ETag.All : new ETag(version), ct);
                return response.Status == 404 ? WriteOutcome.Missing : WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return WriteOutcome.Conflict;
            }
        }, cancellationToken);

    public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken)
    {
        var entry = new TableEntity(bucket, key);
        if (userKey is not null)
        {
            entry[ExpiryUserKey] = userKey;
        }
        return StorageCalls.Guard(tables.Metrics, "expiry.add",
            ct => tables.SessionExpiry.UpsertEntityAsync(entry, TableUpdateMode.Replace, ct),
            cancellationToken);
    }

    // A point read of an entity that does not exist: 404 ResourceNotFound when the table is there,
    // 404 TableNotFound (an outage to Guard) when it is not, e.g. before start-up created it.
    public Task PingAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.ping", async ct =>
        {
            try
            {
                await tables.Sessions.GetEntityAsync<TableEntity>("health", SessionEntity.RowKeyFor("health"), select: ["PartitionKey"], cancellationToken: ct);
            }
            catch (RequestFailedException ex) when (StorageCalls.IsMissingEntity(ex))
            {
            }
        }, cancellationToken);
}
