using FuncSession.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.Tests.Sessions;

public sealed class SessionWriteGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly SessionWriteGate _gate;

    public SessionWriteGateTests() => _gate = new SessionWriteGate(_time);

    [Fact]
    public async Task ASecondWriterToTheSameSessionWaitsForTheFirstToFinish()
    {
        var first = await _gate.EnterAsync("s1", Timeout, CancellationToken.None);

        var second = _gate.EnterAsync("s1", Timeout, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(0, _gate.ActiveSessions);
    }

    [Fact]
    public async Task WritersToDifferentSessionsDoNotWaitForEachOther()
    {
        using var first = await _gate.EnterAsync("s1", Timeout, CancellationToken.None);

        var other = _gate.EnterAsync("s2", Timeout, CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
    }

    [Fact]
    public async Task WritersTakeTurnsOneAtATime()
    {
        var inside = 0;
        var most = 0;
        var writers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using var turn = await _gate.EnterAsync("s1", Timeout, CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(2);
            Interlocked.Decrement(ref inside);
        }));

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, most);
        Assert.Equal(0, _gate.ActiveSessions);
    }

    [Fact]
    public async Task AWaitLongerThanTheTimeoutEndsAsBusyAndLeavesTheQueueIntact()
    {
        var first = await _gate.EnterAsync("s1", Timeout, CancellationToken.None);
        var waiting = _gate.EnterAsync("s1", Timeout, CancellationToken.None).AsTask();
        var later = _gate.EnterAsync("s1", Timeout * 2, CancellationToken.None).AsTask();

        _time.Advance(Timeout);

        await Assert.ThrowsAsync<SessionConflictException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(later.IsCompleted);
        first.Dispose();
        (await later.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(0, _gate.ActiveSessions);
    }

    [Fact]
    public async Task AWriterWhoseRequestIsAbortedStopsWaiting()
    {
        var first = await _gate.EnterAsync("s1", Timeout, CancellationToken.None);
        using var aborted = new CancellationTokenSource();
        var waiting = _gate.EnterAsync("s1", Timeout, aborted.Token).AsTask();

        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        first.Dispose();
        Assert.Equal(0, _gate.ActiveSessions);
        (await _gate.EnterAsync("s1", Timeout, CancellationToken.None)).Dispose();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }
}
