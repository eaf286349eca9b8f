using System.Collections.Concurrent;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.IntegrationTests.Infrastructure;

/// <summary>
/// The real sweep store with a count of what it was asked for, and hooks that let a test act
/// between the sweep's steps (write a session after it was read, stop storage, move the clock).
/// </summary>
internal sealed class CountingSweepStore(ISweepStore inner) : ISweepStore
{
    private int _entriesRead;
    private int _sessionReads;
    private int _sessionDeletes;

    public int EntriesRead => Volatile.Read(ref _entriesRead);

    public int SessionReads => Volatile.Read(ref _sessionReads);

    public int SessionDeletes => Volatile.Read(ref _sessionDeletes);

    /// <summary>Every delete transaction of index entries: its partition and its size.</summary>
    public ConcurrentQueue<(string Partition, int Count)> Batches { get; } = new();

    /// <summary>Runs after a session was read and before the sweep sees it.</summary>
    public Func<SweepCandidate?, Task>? AfterSessionRead { get; set; }

    /// <summary>Runs before a transaction of index-entry deletes is sent.</summary>
    public Func<string, IReadOnlyList<string>, Task>? BeforeBatch { get; set; }

    public async IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(
        string firstPendingPartition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in inner.ReadDueEntriesAsync(firstPendingPartition, cancellationToken))
        {
            Interlocked.Add(ref _entriesRead, page.Count);
            yield return page;
        }
    }

    public async Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessionReads);
        var session = await inner.ReadSessionAsync(key, cancellationToken);
        if (AfterSessionRead is { } hook)
        {
            await hook(session);
        }
        return session;
    }

    public Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessionDeletes);
        return inner.DeleteSessionAsync(key, version, cancellationToken);
    }

    public Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        inner.DeleteUserSessionAsync(userKey, sessionKey, cancellationToken);

    public async Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken)
    {
        if (BeforeBatch is { } hook)
        {
            await hook(partition, sessionKeys);
        }
        Batches.Enqueue((partition, sessionKeys.Count));
        await inner.DeleteEntriesAsync(partition, sessionKeys, cancellationToken);
    }
}
