using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FuncSession.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;

namespace FuncSession.Benchmarks;

/// <summary>
/// The raw-storage baseline of the load benchmark: Azure.Data.Tables called directly, with the
/// same concurrency and duration as the HTTP load, on entities shaped exactly like the API's
/// sessions. It prints one JSON object with throughput, p50, p99 and errors, measured the way
/// wrk measures (completed operations over the measured time; latency of completed operations).
/// </summary>
/// <remarks>
/// Operations: <c>read</c> (point read of a one-value session, every worker the same entity, as
/// the HTTP load reads one session), <c>read50</c> (the same for a 50-value session) and
/// <c>rmw</c> (point read, then replace with If-Match, each worker on its own entity).
/// </remarks>
internal static class StorageBaseline
{
    public const string TableName = "BenchBaseline";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var connectionString = options.GetValueOrDefault("connection-string")
            ?? throw new ArgumentException("--connection-string is required.");
        var operation = options.GetValueOrDefault("op", "read");
        var connections = int.Parse(options.GetValueOrDefault("connections", "1"), CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("duration", "10"), CultureInfo.InvariantCulture));
        var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "2"), CultureInfo.InvariantCulture));
        var storagePid = options.TryGetValue("storage-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : (int?)null;
        var apiPid = options.TryGetValue("api-pid", out var api) ? int.Parse(api, CultureInfo.InvariantCulture) : (int?)null;
        // As many entities as the API's load spreads its writes over (its many-sessions PUT walks 1,024 sessions),
        // so the baseline's table and working set are the size of the API's.
        var entities = int.Parse(options.GetValueOrDefault("entities", connections.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        // As the API's clients do when built through AddAzureClients: the SDK's events forwarded to a logger that
        // keeps only errors. Measures what that forwarding costs per call when it is on.
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Error));
        using var forwarder = options.GetValueOrDefault("forward-sdk-events") == "true" ? new AzureEventSourceLogForwarder(loggers) : null;
        forwarder?.Start();
        var table = new TableServiceClient(connectionString).GetTableClient(TableName);
        await table.CreateIfNotExistsAsync();
        Func<int, Task> run = operation switch
        {
            "read" => await PointReadAsync(table, SampleSessions.KeyFor("read-small"), SampleSessions.SmallValues),
            "read50" => await PointReadAsync(table, SampleSessions.KeyFor("read-fifty"), SampleSessions.FiftyValues),
            "rmw" => await ReadReplaceAsync(table, connections, Math.Max(entities, connections)),
            _ => throw new ArgumentException($"Unknown --op '{operation}': read, read50 or rmw."),
        };

        await MeasureAsync(run, connections, warmup);
        using var self = Process.GetCurrentProcess();
        var clientCpu = self.TotalProcessorTime;
        var storageCpu = CpuSeconds(storagePid);
        var apiCpu = CpuSeconds(apiPid);
        var machineBusy = MachineBusySeconds();
        var result = await MeasureAsync(run, connections, duration);
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op = operation,
            connections,
            duration_s = result.Elapsed.TotalSeconds,
            requests = result.Latencies.Length,
            throughput = result.Latencies.Length / result.Elapsed.TotalSeconds,
            p50_ms = Percentile(result.Latencies, 0.50),
            p90_ms = Percentile(result.Latencies, 0.90),
            p99_ms = Percentile(result.Latencies, 0.99),
            max_ms = Percentile(result.Latencies, 1.0),
            errors = result.Errors,
            client_cpu_s = (self.TotalProcessorTime - clientCpu).TotalSeconds,
            storage_cpu_s = storagePid is null ? (double?)null : CpuSeconds(storagePid) - storageCpu,
            // Idle in the API, but counted, so that what is left of the machine's busy time is other processes'.
            api_cpu_s = apiPid is null ? (double?)null : CpuSeconds(apiPid) - apiCpu,
            machine_busy_s = MachineBusySeconds() - machineBusy,
        }));
        return 0;
    }

    private static async Task<Func<int, Task>> PointReadAsync(TableClient table, string key, byte[] values)
    {
        await table.UpsertEntityAsync(SessionEntity.From(SampleSessions.Record(key, values)), TableUpdateMode.Replace);
        return async _ =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(key, SessionEntity.RowKeyFor(key));
            if (!response.HasValue)
            {
                throw new InvalidOperationException("The baseline entity is missing.");
            }
        };
    }

    private static async Task<Func<int, Task>> ReadReplaceAsync(TableClient table, int connections, int entities)
    {
        var keys = Enumerable.Range(0, entities).Select(i => SampleSessions.KeyFor($"rmw-{i}")).ToArray();
        foreach (var key in keys)
        {
            await table.UpsertEntityAsync(SessionEntity.From(SampleSessions.Record(key, SampleSessions.SmallValues)), TableUpdateMode.Replace);
        }
        // Worker w walks the entities w, w + connections, w + 2 × connections, ...: no two workers share one,
        // as the API's many-sessions load gives each connection its own slice of the sessions.
        var next = new int[connections];
        return async worker =>
        {
            var key = keys[worker + next[worker] * connections];
            next[worker] = (next[worker] + 1) % Math.Max(1, entities / connections);
            var entity = (await table.GetEntityAsync<TableEntity>(key, SessionEntity.RowKeyFor(key))).Value;
            entity["LastSeenAt"] = DateTimeOffset.UtcNow;
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        };
    }

    private static async Task<Measurement> MeasureAsync(Func<int, Task> operation, int connections, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            var errors = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var began = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker);
                    latencies.Add(Stopwatch.GetTimestamp() - began);
                }
                catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    errors++;
                }
            }
            return (latencies, errors);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var all = results.SelectMany(r => r.latencies).ToArray();
        Array.Sort(all);
        return new Measurement(all, results.Sum(r => r.errors), elapsed);
    }

    /// <summary>User plus system CPU time of a process, from /proc/PID/stat (Linux); 0 when unknown.</summary>
    private static double CpuSeconds(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        {
            return 0;
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the file (utime, stime) in clock ticks of 1/100 s.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// CPU time every core spent busy so far, from the first line of /proc/stat (user, nice, system, irq,
    /// softirq, steal; not idle or I/O wait), in clock ticks of 1/100 s; 0 when unknown.
    /// </summary>
    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / 100.0;
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0
            ? 0
            : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;

    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private sealed record Measurement(long[] Latencies, int Errors, TimeSpan Elapsed);
}
