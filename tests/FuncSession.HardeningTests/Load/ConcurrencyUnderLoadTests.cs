using System.Diagnostics;
using FuncSession.HardeningTests.Infrastructure;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.HardeningTests.Load;

/// <summary>
/// Many clients on many sessions and on one shared session, for a fixed time over loopback:
/// afterwards every write is sorted by its answer and by whether it is there (acknowledged and
/// present, acknowledged and missing, 503 and applied, 503 and not applied), no acknowledged write
/// is missing, no session showed another's values, and the process's memory did not grow.
/// </summary>
public sealed class ConcurrencyUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(12);

    private TestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await TestApi.StartAsync(settings: new Dictionary<string, string?>
        {
            // Generous storage limits: this test is about contention, not outages.
            ["FuncSession:StorageTimeout"] = "00:00:05",
            ["FuncSession:StorageRetries"] = "2",
            // Each write adds a key of its own, so the shared session grows during the run.
            ["FuncSession:MaxAnonymousSessionBytes"] = "524288",
        }, services: Quiet.AzureCore);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ManyClientsOnOwnAndSharedSessionsLoseNoAcknowledgedWriteAndMemoryStaysFlat()
    {
        using var run = await LoadRun.CreateAsync(_api, ownSessions: 16, sharedWriters: 8);

        run.Start();
        await Task.Delay(WarmUp);
        var heap = new List<long>();
        var workingSet = new List<long>();
        var sampling = Stopwatch.StartNew();
        while (sampling.Elapsed < Measured)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            heap.Add(GC.GetTotalMemory(forceFullCollection: true));
            using var process = Process.GetCurrentProcess();
            workingSet.Add(process.WorkingSet64);
        }
        await run.StopAsync();
        var elapsed = run.Clock.Elapsed;
        var tally = await run.VerifyAsync();

        var samples = run.Samples.ToList();
        var writes = samples.Where(s => s.IsWrite).ToList();
        var busy = samples.Count(s => s.Status == 503);
        var unavailable = run.Writers.SelectMany(w => w.Unavailable).GroupBy(p => p.Key).Select(g => $"{g.Key}={g.Sum(p => p.Value)}");
        var third = heap.Count / 3;
        var heapFirst = heap.Take(third).Average();
        var heapLast = heap.TakeLast(third).Average();
        var wsFirst = workingSet.Take(third).Average();
        var wsLast = workingSet.TakeLast(third).Average();
        output.WriteLine($"load: {run.Writers.Count} clients (16 own sessions, 8 on one shared session) for {elapsed.TotalSeconds:F1} s");
        output.WriteLine($"load: requests={samples.Count} ({samples.Count / elapsed.TotalSeconds:F0}/s) writes={writes.Count} reads={samples.Count - writes.Count} 503={busy} ({string.Join(", ", unavailable)})");
        output.WriteLine($"load: writes: {tally}");
        output.WriteLine($"load: write latency {Latencies.Describe([.. writes.Where(s => s.Status == 204).Select(s => s.Duration)])}");
        output.WriteLine($"load: managed heap after full GC first third {heapFirst / 1048576:F1} MiB, last third {heapLast / 1048576:F1} MiB; working set {wsFirst / 1048576:F0} MiB -> {wsLast / 1048576:F0} MiB");
        foreach (var violation in run.Violations.Take(20))
        {
            output.WriteLine("violation: " + violation);
        }

        Assert.Empty(run.Violations);
        Assert.True(tally.Acknowledged > 200, $"Only {tally.Acknowledged} writes were acknowledged in {elapsed}.");
        Assert.Equal(0, tally.AcknowledgedMissing);
        Assert.True(heapLast <= heapFirst * 1.25 + 8 * 1048576, $"The managed heap grew from {heapFirst:F0} to {heapLast:F0} bytes under steady load.");
        Assert.True(wsLast <= wsFirst * 1.5 + 64 * 1048576, $"The working set grew from {wsFirst:F0} to {wsLast:F0} bytes under steady load.");
    }
}
