using System.Diagnostics;
using System.Runtime.CompilerServices;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.CleanupBenchmark;

/// <summary>The real sweep store, with the number and mean latency of each kind of call, to show where a sweep's time goes.</summary>
internal sealed class TimedSweepStore(ISweepStore inner) : ISweepStore
{
    private readonly Operation _pages = new("index pages");
    private readonly Operation _reads = new("session reads");
    private readonly Operation _deletes = new("session deletes");
    private readonly Operation _userDeletes = new("user-index deletes");
    private readonly Operation _batches = new("index transactions");

    public IEnumerable<string> Summary() =>
        new[] { _pages, _reads, _deletes, _userDeletes, _batches }.Where(o => o.Count > 0).Select(o => o.ToString());

    public async IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(
        string firstPendingPartition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await foreach (var page in inner.ReadDueEntriesAsync(firstPendingPartition, cancellationToken))
        {
            _pages.Add(started);
            yield return page;
            started = Stopwatch.GetTimestamp();
        }
    }

    public Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken) =>
        _reads.TimeAsync(() => inner.ReadSessionAsync(key, cancellationToken));

    public Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken) =>
        _deletes.TimeAsync(() => inner.DeleteSessionAsync(key, version, cancellationToken));

    public Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        _userDeletes.TimeAsync(async () => { await inner.DeleteUserSessionAsync(userKey, sessionKey, cancellationToken); return 0; });

    public Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken) =>
        _batches.TimeAsync(async () => { await inner.DeleteEntriesAsync(partition, sessionKeys, cancellationToken); return 0; });

    private sealed class Operation(string name)
    {
        private long _count;
        private long _ticks;

        public long Count => Interlocked.Read(ref _count);

        public void Add(long started)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
        }

        public async Task<T> TimeAsync<T>(Func<Task<T>> call)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await call();
            }
            finally
            {
                Add(started);
            }
        }

        public override string ToString() =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{name}: {Count:N0} calls, mean {Interlocked.Read(ref _ticks) * 1000.0 / Stopwatch.Frequency / Math.Max(1, Count):F1} ms");
    }
}
