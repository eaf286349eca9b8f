using Azure;
using Azure.Data.Tables;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// The UserSessions table: PartitionKey = user key, RowKey = session key, so one user's sessions
/// are one partition query, and an entry is found again from a session's (UserKey, Key).
/// </summary>
internal sealed class TableUserSessionIndex(SessionTables tables) : IUserSessionIndex
{
    private const string IndexedAt = "IndexedAt";

    public Task AddAsync(string userKey, string sessionKey, DateTimeOffset indexedAt, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "user-session.add",
            ct => tables.UserSessions.UpsertEntityAsync(
                new TableEntity(userKey, sessionKey) { [IndexedAt] = indexedAt }, TableUpdateMode.Replace, ct),
            cancellationToken);

    public Task RemoveAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        // ETag.All: the entry is forgotten whatever was written to it; a missing one answers 404 without throwing.
        StorageCalls.Guard(tables.Metrics, "user-session.remove", ct => tables.UserSessions.DeleteEntityAsync(userKey, sessionKey, ETag.All, ct), cancellationToken);

    public Task<IReadOnlyList<UserSessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        StorageCalls.Guard<IReadOnlyList<UserSessionEntry>>(tables.Metrics, "user-session.list", async ct =>
        {
            var entries = new List<UserSessionEntry>();
            var query = tables.UserSessions.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {userKey}"), select: ["RowKey", IndexedAt], cancellationToken: ct);
            await foreach (var entity in query)
            {
                entries.Add(new UserSessionEntry(entity.RowKey, entity.GetDateTimeOffset(IndexedAt) ?? DateTimeOffset.MinValue));
            }
            return entries;
        }, cancellationToken);
}
