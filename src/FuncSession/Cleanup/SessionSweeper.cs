using System.Collections.Concurrent;
using FuncSession.Sessions;
using FuncSession.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Cleanup;

/// <summary>
/// Deletes expired sessions by reading only the expiry-index partitions whose bucket has passed,
/// never the Sessions table. For each entry it reads the session and deletes it only if it really
/// expired, conditional on the version it read; then it removes the handled entries in
/// transactions of up to 100 per partition. An entry is removed only after its session was dealt
/// with, so a sweep that stops early (time budget, storage outage, shutdown) loses nothing: the
/// next run finds the rest. An entry names the session's user, so a session deleted just before
/// such a stop still leaves its user's list. Two sweeps at once do no harm.
/// </summary>
public sealed partial class SessionSweeper
{
    private readonly ISweepStore _store;
    private readonly ExpiryIndex _expiryIndex;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionSweeper> _logger;
    private readonly TimeSpan _budget;
    private readonly int _parallelism;
    private readonly FuncSessionMetrics? _metrics;

    internal SessionSweeper(
        ISweepStore store,
        ExpiryIndex expiryIndex,
        IOptions<SessionOptions> options,
        TimeProvider time,
        ILogger<SessionSweeper> logger,
        FuncSessionMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        _expiryIndex = expiryIndex;
        _time = time;
        _logger = logger;
        _budget = options.Value.SweepTimeBudget;
        _parallelism = options.Value.SweepParallelism;
    }

    /// <summary>Runs one sweep, logs one line about it and records it in the metrics. Storage failures end the run early; they are not thrown.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var tally = new Tally();
        var pending = new PendingDeletes();
        var stop = SweepStopReason.None;
        Exception? failure = null;

        try
        {
            await foreach (var page in _store.ReadDueEntriesAsync(_expiryIndex.FirstPendingPartition(now), cancellationToken))
            {
                Interlocked.Add(ref tally.EntriesRead, page.Count);
                if (page.Count == 0)
                {
                    // Table Storage may answer a page with no entities and a continuation.
                    continue;
                }
                var skipped = 0;
                // One read per session, however many of its entries the page holds: after a late or stopped run,
                // an extended session's old and new entries can both be due, and one read decides them all.
                var bySession = page.GroupBy(entry => entry.SessionKey, StringComparer.Ordinal);
                await Parallel.ForEachAsync(bySession, Parallelism(cancellationToken), async (entries, _) =>
                {
                    if (_time.GetElapsedTime(started) >= _budget)
                    {
                        Interlocked.Increment(ref skipped);
                        return;
                    }
                    // The caller's token, not the loop's: when one call fails, the others finish their work cleanly.
                    foreach (var done in await HandleAsync(entries.Key, [.. entries], now, tally, cancellationToken))
                    {
                        pending.Add(done);
                    }
                });

                var budgetUsed = skipped > 0 || _time.GetElapsedTime(started) >= _budget;
                // Results come in partition order, so only the last partition of a page may go on in the next page.
                await DeleteEntriesAsync(pending.Take(budgetUsed ? null : page[^1].Partition), tally, cancellationToken);
                if (budgetUsed)
                {
                    stop = SweepStopReason.TimeBudget;
                    break;
                }
            }
            await DeleteEntriesAsync(pending.Take(openPartition: null), tally, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            stop = SweepStopReason.StorageUnavailable;
            failure = ex;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stop = SweepStopReason.Cancelled;
        }

        var report = tally.ToReport(_time.GetElapsedTime(started), stop);
        Write(report, failure);
        _metrics?.RecordSweep(report);
        return report;
    }

    /// <summary>
    /// Deals with the session of one or more due entries (all naming <paramref name="sessionKey"/>), with one read;
    /// returns the entries that are done with and may be removed.
    /// </summary>
    private async Task<IReadOnlyList<ExpiryEntry>> HandleAsync(
        string sessionKey, ExpiryEntry[] entries, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref tally.SessionsRead);
        var session = await _store.ReadSessionAsync(sessionKey, cancellationToken);
        if (session is null)
        {
            // Ended by its user, or deleted by a run that stopped before it got to the user's list. A key is
            // never used again, so when an entry names a user, that user's list points at nothing now.
            Interlocked.Add(ref tally.Stale, entries.Length);
            foreach (var userKey in entries.Select(entry => entry.UserKey).Distinct(StringComparer.Ordinal))
            {
                await RemoveFromUserAsync(userKey, sessionKey, tally, cancellationToken);
            }
            return entries;
        }

        // Entries in another bucket than the session's own were left behind when it was extended: a later entry covers it.
        var done = entries.Where(entry => entry.Partition != session.IndexBucket).ToList();
        Interlocked.Add(ref tally.Spared, done.Count);
        if (done.Count == entries.Length)
        {
            return done;
        }
        var current = entries.First(entry => entry.Partition == session.IndexBucket);
        if (!IsExpired(session, now))
        {
            // Alive and still pointing at this entry: keep the entry, or nothing would ever sweep the session.
            Interlocked.Increment(ref tally.Spared);
            return done;
        }

        switch (await _store.DeleteSessionAsync(session.Key, session.Version, cancellationToken))
        {
            case WriteOutcome.Conflict:
                // Written between our read and our delete. Keep the entry; the next run looks again.
                Interlocked.Increment(ref tally.Spared);
                return done;
            case WriteOutcome.Missing:
                // Deleted since our read, by a logout or another sweep that may yet stop before the user's list.
                Interlocked.Increment(ref tally.Stale);
                await RemoveFromUserAsync(session.UserKey ?? current.UserKey, session.Key, tally, cancellationToken);
                break;
            default:
                Interlocked.Increment(ref tally.Deleted);
                await RemoveFromUserAsync(session.UserKey, session.Key, tally, cancellationToken);
                break;
        }
        done.Add(current);
        return done;
    }

    /// <summary>
    /// The one place the sweep decides whether a session it read has expired at <paramref name="now"/>: a session
    /// whose expiry is exactly now has expired, as it has for every request that reads it.
    /// </summary>
    private static bool IsExpired(SweepCandidate session, DateTimeOffset now) => SessionRules.HasExpired(session.ExpiresAt, now);

    /// <summary>
    /// Removes a session that is gone from its user's list; only ever called once the session is gone,
    /// so a live session keeps its place. Nothing to do for an anonymous session.
    /// </summary>
    private async Task RemoveFromUserAsync(string? userKey, string sessionKey, Tally tally, CancellationToken cancellationToken)
    {
        if (userKey is null)
        {
            return;
        }
        await _store.DeleteUserSessionAsync(userKey, sessionKey, cancellationToken);
        Interlocked.Increment(ref tally.UserEntriesDeleted);
    }

    private async Task DeleteEntriesAsync(IReadOnlyList<(string Partition, string[] Keys)> batches, Tally tally, CancellationToken cancellationToken)
    {
        if (batches.Count == 0)
        {
            return;
        }
        await Parallel.ForEachAsync(batches, Parallelism(cancellationToken), async (batch, _) =>
        {
            await _store.DeleteEntriesAsync(batch.Partition, batch.Keys, cancellationToken);
            Interlocked.Add(ref tally.EntriesDeleted, batch.Keys.Length);
        });
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };

    private void Write(SweepReport report, Exception? failure)
    {
        var elapsedMs = (long)report.Elapsed.TotalMilliseconds;
        if (failure is not null)
        {
            Log.StoppedByStorage(_logger, report.IndexEntriesRead, report.SessionsDeleted, report.StaleEntriesDropped,
                report.SessionsSpared, elapsedMs, failure);
        }
        else
        {
            Log.Swept(_logger, report.Completed, report.StopReason, report.IndexEntriesRead, report.SessionsDeleted,
                report.StaleEntriesDropped, report.SessionsSpared, elapsedMs);
        }
    }

    /// <summary>Counters of one run, shared by its parallel workers.</summary>
    private sealed class Tally
    {
        public int EntriesRead;
        public int SessionsRead;
        public int Deleted;
        public int Stale;
        public int Spared;
        public int EntriesDeleted;
        public int UserEntriesDeleted;

        public SweepReport ToReport(TimeSpan elapsed, SweepStopReason stop) => new()
        {
            IndexEntriesRead = Volatile.Read(ref EntriesRead),
            SessionsRead = Volatile.Read(ref SessionsRead),
            SessionsDeleted = Volatile.Read(ref Deleted),
            StaleEntriesDropped = Volatile.Read(ref Stale),
            SessionsSpared = Volatile.Read(ref Spared),
            IndexEntriesDeleted = Volatile.Read(ref EntriesDeleted),
            UserEntriesDeleted = Volatile.Read(ref UserEntriesDeleted),
            Elapsed = elapsed,
            StopReason = stop,
        };
    }

    /// <summary>Handled entries waiting to be removed, grouped by partition so each transaction stays in one partition.</summary>
    private sealed class PendingDeletes
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _byPartition = new(StringComparer.Ordinal);

        public void Add(ExpiryEntry entry) =>
            _byPartition.GetOrAdd(entry.Partition, _ => []).Add(entry.SessionKey);

        /// <summary>
        /// Takes every full batch, and the remainder of each partition other than <paramref name="openPartition"/>,
        /// whose entries may still grow with the next page (null: take everything).
        /// </summary>
        public List<(string Partition, string[] Keys)> Take(string? openPartition)
        {
            var batches = new List<(string, string[])>();
            foreach (var partition in _byPartition.Keys)
            {
                var keys = _byPartition[partition].ToArray();
                var isOpen = partition == openPartition;
                var take = isOpen ? keys.Length / ISweepStore.MaxBatchSize * ISweepStore.MaxBatchSize : keys.Length;
                foreach (var chunk in keys.Take(take).Chunk(ISweepStore.MaxBatchSize))
                {
                    batches.Add((partition, chunk));
                }
                if (take == keys.Length)
                {
                    _byPartition.TryRemove(partition, out _);
                }
                else
                {
                    _byPartition[partition] = [.. keys.Skip(take)];
                }
            }
            return batches;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Swept, LogLevel.Information,
            "Session sweep done (completed: {Completed}, stopped by: {StopReason}): read {IndexEntriesRead} index entries, " +
            "deleted {SessionsDeleted} expired sessions, dropped {StaleEntriesDropped} stale entries, spared {SessionsSpared} extended sessions, in {ElapsedMs} ms.")]
        public static partial void Swept(ILogger logger, bool completed, SweepStopReason stopReason, int indexEntriesRead,
            int sessionsDeleted, int staleEntriesDropped, int sessionsSpared, long elapsedMs);

        [LoggerMessage(LogEvents.SweepStoppedByStorage, LogLevel.Warning,
            "Session sweep stopped: storage did not answer. Read {IndexEntriesRead} index entries, deleted {SessionsDeleted} expired sessions, " +
            "dropped {StaleEntriesDropped} stale entries, spared {SessionsSpared} extended sessions, in {ElapsedMs} ms; the next run goes on from there.")]
        public static partial void StoppedByStorage(ILogger logger, int indexEntriesRead, int sessionsDeleted, int staleEntriesDropped,
            int sessionsSpared, long elapsedMs, Exception exception);
    }
}
