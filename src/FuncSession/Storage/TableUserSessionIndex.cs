using Azure;
using Azure.Data.Tables;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// The UserSessions table: PartitionKey = user key, RowKey = session key, so one user's sessions
/// are one partition query, and an entry is found again from a session's (UserKey, Key). The entry
/// also holds the login's device label and network: only "my sessions" shows them, and it reads the
/// entries anyway, while the session itself is read and rewritten on every request.
/// </summary>
internal sealed class TableUserSessionIndex(SessionTables tables) : IUserSessionIndex
{
    private const string IndexedAt = "IndexedAt";
    private const string Device = "Device";
    private const string Network = "Network";

    public Task AddAsync(string userKey, string sessionKey, DateTimeOffset indexedAt, SessionDevice? device, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(userKey, sessionKey) { [IndexedAt] = indexedAt };
        if (device is not null)
        {
            entity[Device] = device.Label;
            entity[Network] = device.Network;
        }
        return StorageCalls.Guard(tables.Metrics, "user-session.add",
            ct => tables.UserSessions.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct), cancellationToken);
    }

    public Task RemoveAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        // ETag.All: the entry is forgotten whatever was written to it; a missing one answers 404 without throwing.
        StorageCalls.Guard(tables.Metrics, "user-session.remove", ct => tables.UserSessions.DeleteEntityAsync(userKey, sessionKey, ETag.All, ct), cancellationToken);

    public Task<IReadOnlyList<UserSessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        StorageCalls.Guard<IReadOnlyList<UserSessionEntry>>(tables.Metrics, "user-session.list", async ct =>
        {
            var entries = new List<UserSessionEntry>();
            var query = tables.UserSessions.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {userKey}"), select: ["RowKey", IndexedAt, Device, Network], cancellationToken: ct);
            await foreach (var entity in query)
            {
                var device = entity.GetString(Device) is { } label
                    ? new SessionDevice(label, entity.GetString(Network) ?? "unknown")
                    : null;
                entries.Add(new UserSessionEntry(entity.RowKey, entity.GetDateTimeOffset(IndexedAt) ?? DateTimeOffset.MinValue, device));
            }
            return entries;
        }, cancellationToken);
}
