using Azure;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Telemetry;
using FuncSession.Tests.Telemetry;

namespace FuncSession.Tests.Storage;

public sealed class StorageCallsTests
{
    private static readonly FuncSessionMetrics Metrics = new(new TestMeterFactory(), TimeProvider.System);

    [Fact]
    public async Task ARequestAlreadyAbortedStartsNoStorageCall()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var called = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StorageCalls.Guard(Metrics, "test.call", _ =>
        {
            called = true;
            return Task.CompletedTask;
        }, aborted.Token));

        Assert.False(called);
    }

    [Fact]
    public async Task ACallOnceSentRunsToItsAnswerWhenTheRequestIsAborted()
    {
        using var request = new CancellationTokenSource();
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken given = default;

        var call = StorageCalls.Guard(Metrics, "test.call", token =>
        {
            given = token;
            return answer.Task;
        }, request.Token);
        await request.CancelAsync();
        answer.SetResult(42);

        Assert.False(given.CanBeCanceled);
        Assert.Equal(42, await call);
    }

    [Fact]
    public async Task TriesThatAllTimedOutAreAnOutageEvenWhenTheClientHasGone()
    {
        using var request = new CancellationTokenSource();
        // What the SDK's retry policy throws when every try ran past its network time-out.
        var timedOut = new AggregateException(new TaskCanceledException(), new TaskCanceledException(), new TaskCanceledException());

        var failure = await Record.ExceptionAsync(() => StorageCalls.Guard(Metrics, "test.call", async _ =>
        {
            await request.CancelAsync();
            throw timedOut;
        }, request.Token));

        Assert.IsType<StorageUnavailableException>(failure);
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(412, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    public async Task ServerFaultsAreAnOutageAndAnswersTheCallerReasonsAboutAreNot(int status, bool outage)
    {
        var failure = await Record.ExceptionAsync(() => StorageCalls.Guard(Metrics, "test.call",
            _ => Task.FromException(new RequestFailedException(status, "storage said so")), CancellationToken.None));

        Assert.Equal(outage, failure is StorageUnavailableException);
        Assert.Equal(!outage, failure is RequestFailedException);
    }

    [Fact]
    public async Task ACancellationOfTheCallersOwnIsPassedOnNotCountedAsAnOutage()
    {
        using var stopping = new CancellationTokenSource();
        var call = StorageCalls.Guard(Metrics, "test.call", async _ =>
        {
            await stopping.CancelAsync();
            // A query's pages carry the caller's token, as the sweep's do.
            stopping.Token.ThrowIfCancellationRequested();
        }, stopping.Token);

        var failure = await Record.ExceptionAsync(() => call);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }
}
