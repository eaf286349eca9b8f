using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// The sweep's storage calls: a PartitionKey range query over SessionExpiry, point reads and
/// conditional deletes of sessions, and per-partition delete transactions of index entries.
/// </summary>
internal sealed class TableSweepStore(SessionTables tables) : ISweepStore
{
    /// <summary>The most entities Table Storage returns in one page of a query.</summary>
    private const int PageSize = 1000;

    private static readonly string[] EntryColumns = ["PartitionKey", "RowKey", TableSessionStore.ExpiryUserKey];

    public async IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(
        string firstPendingPartition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The property on the left: Azurite refuses filters with the literal first.
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {firstPendingPartition}");
        var pages = tables.SessionExpiry.QueryAsync<TableEntity>(filter, PageSize, EntryColumns, cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (await StorageCalls.Guard(tables.Metrics, "expiry.query", _ => pages.MoveNextAsync().AsTask(), cancellationToken))
            {
                yield return [.. pages.Current.Values.Select(entity =>
                    new ExpiryEntry(entity.PartitionKey, entity.RowKey, entity.GetString(TableSessionStore.ExpiryUserKey)))];
            }
        }
    }

    public Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.read", async ct =>
        {
            var response = await tables.Sessions.GetEntityIfExistsAsync<TableEntity>(key, SessionEntity.RowKeyFor(key), SessionEntity.SweepColumns, ct);
            return response.HasValue ? SessionEntity.ToSweepCandidate(key, response.Value!) : null;
        }, cancellationToken);

    public Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.delete", async ct =>
        {
            try
            {
                var response = await tables.Sessions.DeleteEntityAsync(key, SessionEntity.RowKeyFor(key), new ETag(version), ct);
                return response.Status == 404 ? WriteOutcome.Missing : WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return WriteOutcome.Conflict;
            }
        }, cancellationToken);

    // Unconditional (ETag.All): the entry only points at a session that is gone; whatever its version, it is done with.
    public Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "user-session.remove", ct => tables.UserSessions.DeleteEntityAsync(userKey, sessionKey, ETag.All, ct), cancellationToken);

    public Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sessionKeys.Count, ISweepStore.MaxBatchSize);
        return StorageCalls.Guard(tables.Metrics, "expiry.delete", async ct =>
        {
            // Unconditional: an index entry holds no data, and a due bucket is never written again.
            var actions = sessionKeys.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All));
            try
            {
                await tables.SessionExpiry.SubmitTransactionAsync(actions, ct);
            }
            catch (TableTransactionFailedException ex) when (StorageCalls.IsMissingEntity(ex))
            {
                // One entry was already gone (another sweep got there first), which fails the whole
                // transaction. Single deletes succeed on entries that are gone.
                foreach (var key in sessionKeys)
                {
                    await tables.SessionExpiry.DeleteEntityAsync(partition, key, ETag.All, ct);
                }
            }
        }, cancellationToken);
    }
}
