using Azure;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>Accounts in Table Storage: PartitionKey = normalized user name, one constant RowKey.</summary>
internal sealed class TableUserStore(SessionTables tables) : IUserStore
{
    public const string RowKey = "user";

    public async Task<UserRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        await ConditionalEntities.ReadAsync(tables.Metrics, "user.read", tables.Users, key, RowKey, cancellationToken) is { } entity ? FromEntity(entity) : null;

    public async Task<WriteOutcome> AddAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.AddAsync(tables.Metrics, "user.add", tables.Users, ToEntity(user), cancellationToken);
        user.Version = outcome == WriteOutcome.Written ? version : user.Version;
        return outcome;
    }

    public async Task<WriteOutcome> ReplaceAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.ReplaceAsync(tables.Metrics, "user.replace", tables.Users, ToEntity(user), user.Version, cancellationToken);
        user.Version = outcome == WriteOutcome.Written ? version : user.Version;
        return outcome;
    }

    private static TableEntity ToEntity(UserRecord user)
    {
        var entity = new TableEntity(user.Key, RowKey)
        {
            ["Name"] = user.Name,
            ["PasswordHash"] = user.PasswordHash,
            ["CreatedAt"] = user.CreatedAt,
            ["SessionEpoch"] = user.SessionEpoch,
        };
        if (user.DeletedAt is { } deletedAt)
        {
            entity["DeletedAt"] = deletedAt;
        }
        return entity;
    }

    private static UserRecord FromEntity(TableEntity entity) => new()
    {
        Key = entity.PartitionKey,
        Name = entity.GetString("Name") ?? entity.PartitionKey,
        PasswordHash = entity.GetString("PasswordHash") ?? "",
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
        SessionEpoch = entity.GetInt64("SessionEpoch") ?? 0,
        DeletedAt = entity.GetDateTimeOffset("DeletedAt"),
        Version = entity.ETag.ToString(),
    };
}
