using Azure.Data.Tables;
using FuncSession.Sessions;
using FuncSession.Storage;

namespace FuncSession.CleanupBenchmark;

/// <summary>
/// Writes sessions in the API's own format: the session entity from <see cref="TableSessionStore"/>
/// and its entry in the partition <see cref="ExpiryIndex"/> names. Each session is its own partition,
/// so sessions go one by one (many at once); index entries go in transactions of 100 per partition.
/// </summary>
internal static class SessionFiller
{
    private static readonly byte[] Values = """{"cart":[{"sku":"A-1042","qty":2},{"sku":"B-77","qty":1}],"theme":"dark","locale":"en-GB"}"""u8.ToArray();

    /// <summary>Makes <paramref name="live"/> sessions that expire later and <paramref name="expired"/> that expired, at <paramref name="now"/>.</summary>
    public static IReadOnlyList<SessionRecord> Make(TableSet set, int live, int expired, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
        var sessions = new List<SessionRecord>(live + expired);
        for (var i = 0; i < live + expired; i++)
        {
            var isExpired = i < expired;
            // Steady state: the expired ones expired in the last bucket that ended, so they are what a run on
            // schedule finds (the one before it took the bucket before). Live for at least another hour, so
            // none expires while the benchmark runs; one in five permanent, for up to 31 days.
            var permanent = !isExpired && random.Next(5) == 0;
            var expiresAt = isExpired
                ? LastBucketEnd(set, now) - TimeSpan.FromSeconds(1 + random.Next((int)set.Bucket.TotalSeconds - 1))
                : now + TimeSpan.FromSeconds(permanent ? random.Next(3600, 31 * 86400) : random.Next(3600, 12 * 3600));
            var key = set.Codec.NewId().Key;
            sessions.Add(new SessionRecord
            {
                Key = key,
                Values = Values,
                CreatedAt = expiresAt - TimeSpan.FromHours(1),
                LastSeenAt = expiresAt - TimeSpan.FromMinutes(30),
                ExpiresAt = expiresAt,
                AbsoluteExpiresAt = expiresAt + TimeSpan.FromHours(11),
                Permanent = permanent,
                IndexBucket = set.ExpiryIndex.PartitionFor(expiresAt, key),
            });
        }
        return sessions;
    }

    /// <summary>The end of the last expiry bucket that ended at or before <paramref name="now"/>.</summary>
    public static DateTimeOffset LastBucketEnd(TableSet set, DateTimeOffset now) =>
        new(now.UtcTicks / set.Bucket.Ticks * set.Bucket.Ticks, TimeSpan.Zero);

    /// <summary>
    /// Writes the sessions and their index entries; the first <paramref name="extended"/> live ones
    /// also keep the entry of an earlier expiry, in the bucket that just came due, as a session used
    /// since then leaves it.
    /// </summary>
    public static async Task WriteAsync(TableSet set, IReadOnlyList<SessionRecord> sessions, int expired, int extended, DateTimeOffset now, int parallelism)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        var written = 0;
        var step = Math.Max(1, sessions.Count / 10);
        await Parallel.ForEachAsync(sessions, options, async (session, ct) =>
        {
            await set.Tables.Sessions.AddEntityAsync(SessionEntity.From(session), ct);
            if (Interlocked.Increment(ref written) % step == 0 && sessions.Count >= 10_000)
            {
                Console.WriteLine($"  {written:N0} of {sessions.Count:N0} sessions written");
            }
        });

        var earlier = LastBucketEnd(set, now) - TimeSpan.FromSeconds(1);
        var entries = sessions.Select(session => (Partition: session.IndexBucket!, session.Key))
            .Concat(sessions.Skip(expired).Take(extended).Select(session => (Partition: set.ExpiryIndex.PartitionFor(earlier, session.Key), session.Key)));
        var batches = entries
            .GroupBy(entry => entry.Partition, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(100).Select(chunk => chunk.Select(entry =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition.Key, entry.Key))).ToList()));
        await Parallel.ForEachAsync(batches, options, async (batch, ct) =>
            await set.Tables.SessionExpiry.SubmitTransactionAsync(batch, ct));
    }
}
