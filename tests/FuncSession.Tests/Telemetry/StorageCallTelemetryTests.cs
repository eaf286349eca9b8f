using System.Diagnostics;
using Azure;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Telemetry;
using FuncSession.Testing;

namespace FuncSession.Tests.Telemetry;

public sealed class StorageCallTelemetryTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MetricsCollector _collected;
    private readonly FuncSessionMetrics _metrics;

    public StorageCallTelemetryTests()
    {
        _collected = new MetricsCollector(_meters);
        _metrics = new FuncSessionMetrics(_meters, TimeProvider.System);
    }

    [Fact]
    public async Task EveryStorageCallIsTimedUnderItsOperationWithItsOutcome()
    {
        await StorageCalls.Guard(_metrics, "session.read", _ => Task.Delay(20), CancellationToken.None);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => StorageCalls.Guard(_metrics, "session.replace",
            _ => Task.FromException(new RequestFailedException(503, "busy")), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => StorageCalls.Guard(_metrics, "session.add",
            _ => Task.FromException(new InvalidOperationException("a fault of the call itself")), CancellationToken.None));

        var durations = _collected.Of(FuncSessionMetrics.StorageDuration).ToList();
        Assert.Equal(
            [("session.read", "succeeded"), ("session.replace", "unavailable"), ("session.add", "failed")],
            durations.Select(m => ((string)m.Tags["operation"]!, (string)m.Tags["outcome"]!)));
        Assert.InRange(durations[0].Value, 15, 10_000);
    }

    [Fact]
    public async Task ACallTheCallerCancelledBeforeItStartedIsNotMeasured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            StorageCalls.Guard(_metrics, "session.read", _ => Task.CompletedTask, cancelled.Token));

        Assert.Empty(_collected.All);
    }

    [Fact]
    public async Task AStorageCallIsASpanOfTheFuncSessionSourceMarkedWhenStorageFailed()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FuncSessionTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Other tests call storage in parallel: keep only this test's operations.
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("span-test.", StringComparison.Ordinal))
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await StorageCalls.Guard(_metrics, "span-test.read", _ => Task.CompletedTask, CancellationToken.None);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => StorageCalls.Guard(_metrics, "span-test.write",
            _ => Task.FromException(new RequestFailedException(500, "broken")), CancellationToken.None));

        Assert.Collection(spans,
            read =>
            {
                Assert.Equal("span-test.read", read.OperationName);
                Assert.Equal(ActivityKind.Client, read.Kind);
                Assert.Equal(ActivityStatusCode.Unset, read.Status);
                Assert.Equal("succeeded", read.GetTagItem("funcsession.storage.outcome"));
            },
            write =>
            {
                Assert.Equal("span-test.write", write.OperationName);
                Assert.Equal(ActivityStatusCode.Error, write.Status);
                Assert.Equal("unavailable", write.GetTagItem("funcsession.storage.outcome"));
            });
    }

    public void Dispose()
    {
        _collected.Dispose();
        _meters.Dispose();
    }
}
