using System.Diagnostics;
using System.Net;
using FuncSession.HardeningTests.Infrastructure;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.HardeningTests.Faults;

/// <summary>
/// Storage faults in the middle of load: Azurite stopped and started again, the connection to it
/// cut, and Azurite answering more slowly than the storage timeout. Requests meanwhile get 503
/// problems within a bounded time, the thread pool keeps serving, no acknowledged write is lost,
/// and the service comes back by itself.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>One storage attempt may take 1 s and is retried once: a request that needs storage ends within a few seconds.</summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["FuncSession:StorageTimeout"] = "00:00:01",
        ["FuncSession:StorageRetries"] = "1",
        // Each write adds a key of its own, so a shared session grows during the run.
        ["FuncSession:MaxAnonymousSessionBytes"] = "524288",
    };

    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(3);

    /// <summary>Timeout × (retries + 1), the longest retry back-off (1 s) and room for a busy machine.</summary>
    private static readonly TimeSpan OutageAnswerBound = TimeSpan.FromSeconds(6);

    private AzuriteServer _azurite = null!;
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(persistent: true);
        _proxy = new FaultProxy(_azurite.Port);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task AzuriteStoppedAndStartedAgainMidLoadLosesNoAcknowledgedWrite()
    {
        await using var api = await TestApi.StartAsync(_azurite.ConnectionString, Settings, services: Quiet.AzureCore);

        var result = await RunWithFaultAsync(api, "azurite-stop",
            inject: () => _azurite.StopAsync(),
            lift: () => _azurite.StartAgainAsync());

        result.AssertAll();
    }

    [Fact]
    public async Task ConnectionsToStorageCutMidLoadLoseNoAcknowledgedWrite()
    {
        await using var api = await TestApi.StartAsync(_proxy.ConnectionString, Settings, services: Quiet.AzureCore);

        var result = await RunWithFaultAsync(api, "proxy-cut",
            inject: () => { _proxy.Mode = ProxyMode.Refuse; return Task.CompletedTask; },
            lift: () => { _proxy.Mode = ProxyMode.Pass; return Task.CompletedTask; });

        result.AssertAll();
    }

    [Fact]
    public async Task StorageSlowerThanTheTimeoutGivesBounded503sWithoutStarvingTheThreadPool()
    {
        await using var api = await TestApi.StartAsync(_proxy.ConnectionString, Settings, services: Quiet.AzureCore);
        _proxy.Delay = TimeSpan.FromSeconds(3);

        var result = await RunWithFaultAsync(api, "slow-storage",
            inject: () => { _proxy.Mode = ProxyMode.Delay; return Task.CompletedTask; },
            lift: () => { _proxy.Mode = ProxyMode.Pass; return Task.CompletedTask; },
            duration: TimeSpan.FromSeconds(8));

        result.AssertAll();
        Assert.True(result.OutageSamples.All(s => s.Duration >= TimeSpan.FromMilliseconds(900)),
            "With every answer of storage held beyond the timeout, no request that needs storage can succeed quickly.");
    }

    private async Task<FaultResult> RunWithFaultAsync(TestApi api, string fault, Func<Task> inject, Func<Task> lift, TimeSpan? duration = null)
    {
        var outage = duration ?? Outage;
        using var run = await LoadRun.CreateAsync(api, ownSessions: 8, sharedWriters: 4);
        using var probes = new Probes(api);
        var threadsBefore = ThreadPool.ThreadCount;

        run.Start();
        probes.Start(run.Clock);
        await Task.Delay(Before);
        var outageStart = run.Clock.Elapsed;
        await inject();
        var injected = run.Clock.Elapsed;
        await Task.Delay(outage);
        var liftStart = run.Clock.Elapsed;
        await lift();
        var lifted = run.Clock.Elapsed;

        // Back by itself: wait (bounded) for the first acknowledged write that started after the fault was lifted.
        var recovered = TimeSpan.MaxValue;
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromSeconds(30))
        {
            var first = run.Samples.Where(s => s.IsWrite && s.Status == 204 && s.Start >= lifted).Select(s => s.End).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            if (first != TimeSpan.MaxValue)
            {
                recovered = first - lifted;
                break;
            }
            await Task.Delay(50);
        }
        await Task.Delay(After);
        await run.StopAsync();
        await probes.StopAsync();
        var threadsAfter = ThreadPool.ThreadCount;
        var writes = await run.VerifyAsync();
        using var health = await run.Http.GetAsync("health");

        // The fault is complete once injecting it returns: Azurite, asked to stop, may still finish
        // requests it had accepted until it exits.
        var during = run.Samples.Where(s => s.Start >= injected && s.End <= liftStart).ToList();
        var result = new FaultResult(fault, during, [.. probes.Samples.Where(p => p.Sample.Start >= injected && p.Sample.End <= liftStart)],
            recovered, writes, [.. run.Violations], health.StatusCode);

        output.WriteLine($"{fault}: {run.Writers.Count} clients; fault injected from {outageStart.TotalSeconds:F1} s, complete at {injected.TotalSeconds:F1} s, lifted at {liftStart.TotalSeconds:F1} s; run {run.Clock.Elapsed.TotalSeconds:F1} s, {run.Samples.Count()} requests");
        output.WriteLine($"{fault}: during the fault {during.Count} requests: {during.Count(s => s.Status == 503 && s.IsProblem)} answered 503 problem, {during.Count(s => s.Status is >= 200 and < 300)} succeeded; latency {Latencies.Describe([.. during.Select(s => s.Duration)])}");
        foreach (var group in result.ProbeSamples.GroupBy(p => p.Probe))
        {
            output.WriteLine($"{fault}: probe {group.Key} during the fault: statuses {string.Join(",", group.Select(p => p.Sample.Status).Distinct().Order())}; latency {Latencies.Describe([.. group.Select(p => p.Sample.Duration)])}");
        }
        output.WriteLine($"{fault}: first acknowledged write {recovered.TotalMilliseconds:F0} ms after the fault was lifted");
        output.WriteLine($"{fault}: writes: {writes}; thread pool threads {threadsBefore} -> {threadsAfter}; health afterwards {(int)health.StatusCode}");
        foreach (var violation in result.Violations.Take(20))
        {
            output.WriteLine("violation: " + violation);
        }
        return result;
    }

    private sealed record FaultResult(
        string Fault,
        IReadOnlyList<Sample> OutageSamples,
        IReadOnlyList<(string Probe, Sample Sample)> ProbeSamples,
        TimeSpan Recovered,
        WriteTally Writes,
        IReadOnlyList<string> Violations,
        HttpStatusCode HealthAfterwards)
    {
        public void AssertAll()
        {
            Assert.Empty(Violations);
            Assert.NotEmpty(OutageSamples);
            Assert.All(OutageSamples, s => Assert.True(s.Status == 503 && s.IsProblem, $"During the fault a request answered {s.Status}."));
            Assert.True(TimeSpan.FromMilliseconds(Latencies.Percentile([.. OutageSamples.Select(s => s.Duration)], 99)) < OutageAnswerBound,
                $"p99 during the fault was {Latencies.Percentile([.. OutageSamples.Select(s => s.Duration)], 99):F0} ms.");
            Assert.All(OutageSamples, s => Assert.True(s.Duration < OutageAnswerBound + TimeSpan.FromSeconds(2), $"A request took {s.Duration} during the fault."));

            var light = ProbeSamples.Where(p => p.Probe == Probes.NoStorage).Select(p => p.Sample).ToList();
            Assert.NotEmpty(light);
            Assert.All(light, s => Assert.Equal(200, s.Status));
            Assert.True(Latencies.Percentile([.. light.Select(s => s.Duration)], 99) < 1500,
                "Requests that need no storage slowed down during the fault: the thread pool is starved.");
            var health = ProbeSamples.Where(p => p.Probe == Probes.Health).Select(p => p.Sample).ToList();
            Assert.NotEmpty(health);
            Assert.All(health, s => Assert.True(s.Status == 503 && s.IsProblem && s.Duration < OutageAnswerBound, $"Health answered {s.Status} in {s.Duration} during the fault."));

            Assert.True(Recovered < TimeSpan.FromSeconds(10), $"The service took {Recovered} to come back after storage did.");
            Assert.Equal(0, Writes.AcknowledgedMissing);
            Assert.Equal(HttpStatusCode.OK, HealthAfterwards);
        }
    }

    /// <summary>Two probes running beside the load: one that needs no storage (GET /api/session without a cookie), and health.</summary>
    private sealed class Probes(TestApi api) : IDisposable
    {
        public const string NoStorage = "GET /api/session (no cookie, no storage)";
        public const string Health = "GET /api/health";

        private readonly HttpClient _http = api.CreateRawClient();
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(string, Sample)> _samples = [];
        private Task _running = Task.CompletedTask;

        public IReadOnlyList<(string Probe, Sample Sample)> Samples => _samples;

        /// <summary>Each probe in its own loop, so a slow one does not hold the other back.</summary>
        public void Start(Stopwatch clock) => _running = Task.WhenAll(
            Task.Run(() => ProbeAsync(NoStorage, "session", clock)),
            Task.Run(() => ProbeAsync(Health, "health", clock)));

        private async Task ProbeAsync(string probe, string path, Stopwatch clock)
        {
            while (!_stop.IsCancellationRequested)
            {
                var start = clock.Elapsed;
                using var response = await _http.GetAsync(path);
                var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                lock (_samples)
                {
                    _samples.Add((probe, new Sample(start, clock.Elapsed - start, (int)response.StatusCode, isProblem, IsWrite: false)));
                }
                await Task.Delay(100);
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
        }

        public void Dispose()
        {
            _stop.Dispose();
            _http.Dispose();
        }
    }
}
