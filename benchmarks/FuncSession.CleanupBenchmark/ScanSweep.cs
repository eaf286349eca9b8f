using Azure;
using Azure.Data.Tables;

namespace FuncSession.CleanupBenchmark;

/// <summary>
/// The usual way a session store cleans up: read every session, delete those that expired. It is
/// given every advantage the index sweep has (only the columns it needs, conditional deletes in
/// parallel, full pages), so the difference left is what it has to read.
/// </summary>
internal static class ScanSweep
{
    public static async Task<(int Read, int Deleted)> RunAsync(TableClient sessions, DateTimeOffset now, int parallelism)
    {
        var read = 0;
        var deleted = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        await foreach (var page in sessions.QueryAsync<TableEntity>(maxPerPage: 1000, select: ["PartitionKey", "RowKey", "ExpiresAt"]).AsPages())
        {
            read += page.Values.Count;
            var expired = page.Values.Where(entity => entity.GetDateTimeOffset("ExpiresAt") <= now);
            await Parallel.ForEachAsync(expired, options, async (entity, ct) =>
            {
                try
                {
                    await sessions.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, ct);
                    Interlocked.Increment(ref deleted);
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // Used meanwhile: it lives on.
                }
            });
        }
        return (read, deleted);
    }
}
