using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using FuncSession.FloodBenchmark;
using FuncSession.Testing;
using FuncSession.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// A flood of logins with random user names on many connections from one client address, while
// another address logs in once a second; both through LocalHost on loopback against an in-memory
// Azurite, with the production password hashing and limits. Addresses are told apart by the
// X-Forwarded-For header, trusted here as the platform front end's header is in Azure.
// The flood runs in a second process of this program, as a real flood comes from elsewhere over
// the network: it shares the machine's cores with the API but not the API's thread pool.
// Usage: dotnet run -c Release --project benchmarks/FuncSession.FloodBenchmark -- [seconds] [connections]
if (args.Length > 0 && args[0] == FloodProcess.Verb)
{
    return await FloodProcess.RunAsync(args[1..]);
}
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
const string FloodAddress = "198.51.100.66";
const string UserAddress = "192.0.2.10";

await using var azurite = await AzuriteServer.StartAsync(persistent: false);
var app = LocalHostApp.Create(["--urls", "http://127.0.0.1:0", "--settings", "none"], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["SessionStorage:connectionString"] = azurite.ConnectionString,
        ["FuncSession:SigningKeys"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["FuncSession:ClientAddressHeader"] = "X-Forwarded-For",
        ["SessionCleanupSchedule"] = "0 0 0 1 1 *",
    });
    builder.Logging.SetMinimumLevel(LogLevel.Error);
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, UseCookies = false })
{
    BaseAddress = new Uri(address.TrimEnd('/') + "/api/"),
    Timeout = TimeSpan.FromSeconds(60),
};

await WaitForTablesAsync();
using (var registered = await SendAsync("auth/register", "legit", UserAddress))
{
    if (registered.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"Registering the user answered {(int)registered.StatusCode}.");
    }
}

var user = new ConcurrentBag<(TimeSpan Latency, int Status)>();
var clock = Stopwatch.StartNew();
var apiCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var floodRun = FloodProcess.StartAsync(http.BaseAddress!, seconds, connections, FloodAddress);
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

var userTask = Task.Run(async () =>
{
    using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
    while (await ticks.WaitForNextTickAsync() && !stop.IsCancellationRequested)
    {
        var started = Stopwatch.GetTimestamp();
        using var answer = await SendAsync("auth/login", "legit", UserAddress);
        user.Add((Stopwatch.GetElapsedTime(started), (int)answer.StatusCode));
    }
});

await userTask;
var flood = await floodRun;
var elapsed = clock.Elapsed;
var apiCpu = Process.GetCurrentProcess().TotalProcessorTime - apiCpuBefore;
await app.StopAsync();

var floodTotal = flood.Statuses.Values.Sum();
var latencies = user.Select(u => u.Latency.TotalMilliseconds).Order().ToArray();
Console.WriteLine($"Flood benchmark: {elapsed.TotalSeconds:F0} s, {connections} flood connections from {FloodAddress}, one login a second from {UserAddress}, {Environment.ProcessorCount} cores");
Console.WriteLine($"legitimate logins: {user.Count}, succeeded: {user.Count(u => u.Status == 200)}, "
    + $"p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies.LastOrDefault():F0} ms; by status: "
    + string.Join(", ", user.GroupBy(u => u.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
Console.WriteLine($"flood requests: {floodTotal} ({floodTotal / elapsed.TotalSeconds:F0}/s); by status: "
    + string.Join(", ", flood.Statuses.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "failed" : p.Key.ToString(CultureInfo.InvariantCulture))}: {p.Value}")));
Console.WriteLine($"flood share of 429: {100.0 * flood.Statuses.GetValueOrDefault(429) / Math.Max(1, floodTotal):F2} %");
Console.WriteLine($"CPU over the run: API process {apiCpu.TotalSeconds:F1} s, flood process {flood.Cpu.TotalSeconds:F1} s, of {elapsed.TotalSeconds * Environment.ProcessorCount:F0} core-seconds");
return 0;

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

Task<HttpResponseMessage> SendAsync(string path, string username, string clientAddress) =>
    http.SendAsync(FloodProcess.Login(path, username, clientAddress));

async Task WaitForTablesAsync()
{
    for (var i = 0; i < 200; i++)
    {
        using var health = await http.GetAsync("health");
        if (health.IsSuccessStatusCode)
        {
            return;
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("The API's tables were not ready within 20 s.");
}
