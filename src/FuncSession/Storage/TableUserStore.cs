using Azure;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>Accounts in Table Storage: PartitionKey = normalized user name, one constant RowKey.</summary>
internal sealed class TableUserStore(SessionTables tables) : IUserStore
{
    public const string RowKey = "user";

    public Task<UserRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            var response = await tables.Users.GetEntityIfExistsAsync<TableEntity>(key, RowKey, cancellationToken: ct);
            return response.HasValue ? FromEntity(response.Value!) : null;
        }, cancellationToken);

    public Task<WriteOutcome> AddAsync(UserRecord user, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            try
            {
                var response = await tables.Users.AddEntityAsync(ToEntity(user), ct);
                user.Version = response.Headers.ETag?.ToString();
                return WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return WriteOutcome.Conflict;
            }
        }, cancellationToken);

    public Task<WriteOutcome> ReplaceAsync(UserRecord user, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            try
            {
                var etag = new ETag(user.Version ?? throw new InvalidOperationException("A replace needs the version that was read."));
                var response = await tables.Users.UpdateEntityAsync(ToEntity(user), etag, TableUpdateMode.Replace, ct);
                user.Version = response.Headers.ETag?.ToString();
                return WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return WriteOutcome.Conflict;
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode != "TableNotFound")
            {
                return WriteOutcome.Missing;
            }
        }, cancellationToken);

    private static TableEntity ToEntity(UserRecord user) => new(user.Key, RowKey)
    {
        ["Name"] = user.Name,
        ["PasswordHash"] = user.PasswordHash,
        ["CreatedAt"] = user.CreatedAt,
    };

    private static UserRecord FromEntity(TableEntity entity) => new()
    {
        Key = entity.PartitionKey,
        Name = entity.GetString("Name") ?? entity.PartitionKey,
        PasswordHash = entity.GetString("PasswordHash") ?? "",
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
        Version = entity.ETag.ToString(),
    };
}
