using System.Diagnostics;
using System.Globalization;
using FuncSession.CleanupBenchmark;
using FuncSession.Testing;

// Fills a table set with N live and M expired sessions and cleans it with the expiry-index sweep;
// writes the same M expired sessions again and cleans them with a full-table scan; prints the
// storage requests each made (what Table Storage bills and throttles), the entities each read, and
// how long each took.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var requests = new RequestCounter();
await using var azurite = options.ConnectionString is null ? await AzuriteServer.StartAsync(persistent: false) : null;
var connectionString = options.ConnectionString ?? azurite!.ConnectionString;
var run = "b" + Guid.NewGuid().ToString("N")[..8];
await using var tables = await TableSet.CreateAsync(connectionString, run, options.Parallelism, options.Shards);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Cleanup benchmark, mix {options.Mix}: {options.Live:N0} live ({options.Extended:N0} of them with a stale entry due) + {options.Expired:N0} expired sessions, " +
    $"{tables.Shards} shards per {tables.Bucket.TotalMinutes:F0}-minute bucket, {options.Parallelism} calls in flight, {Environment.ProcessorCount} cores, " +
    $"storage: {(azurite is null ? "given connection string" : "in-memory Azurite on 127.0.0.1")}, load average {LoadAverage()}."));

var now = DateTimeOffset.UtcNow;
var sessions = SessionFiller.Make(tables, options.Live, options.Expired, now, seed: 42);
var filling = Stopwatch.StartNew();
await SessionFiller.WriteAsync(tables, sessions, options.Expired, options.Extended, now, options.Parallelism);
Console.WriteLine($"Filled in {filling.Elapsed.TotalSeconds:F1} s.");

var before = requests.Count;
var sweepClock = Stopwatch.StartNew();
var report = await tables.Sweeper.SweepAsync(CancellationToken.None);
sweepClock.Stop();
var sweepRequests = requests.Count - before;
if (!report.Completed)
{
    Console.Error.WriteLine($"The sweep stopped early: {report.StopReason}.");
    return 1;
}

// The scan gets the same data: the expired sessions are written again (the live ones were never touched).
filling.Restart();
await SessionFiller.WriteAsync(tables, sessions.Take(options.Expired).ToList(), options.Expired, extended: 0, now, options.Parallelism);
Console.WriteLine($"Wrote the {options.Expired:N0} expired sessions again for the scan in {filling.Elapsed.TotalSeconds:F1} s.");

before = requests.Count;
var scanClock = Stopwatch.StartNew();
var scan = await ScanSweep.RunAsync(tables.Tables.Sessions, now, options.Parallelism);
scanClock.Stop();
var scanRequests = requests.Count - before;

var sweepRead = report.IndexEntriesRead + report.SessionsRead;
var sweepSeconds = sweepClock.Elapsed.TotalSeconds;
var scanSeconds = scanClock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine($"{"",-22}{"requests",10}{"req/expired",13}{"entities read",15}{"deleted",9}{"seconds",10}");
Row("(a) index sweep", sweepRequests, sweepRead, report.SessionsDeleted, sweepSeconds);
Row("(b) full-table scan", scanRequests, scan.Read, scan.Deleted, scanSeconds);
Console.WriteLine($"{"ratio (a)/(b)",-22}{Ratio(sweepRequests, scanRequests),10}{"",13}{Ratio(sweepRead, scan.Read),15}{"",9}{Ratio(sweepSeconds, scanSeconds),10}");
Console.WriteLine();
Console.WriteLine($"(a) read {report.IndexEntriesRead:N0} index entries and {report.SessionsRead:N0} sessions; " +
    $"{report.StaleEntriesDropped:N0} stale, {report.SessionsSpared:N0} spared, {report.IndexEntriesDeleted:N0} index entries removed.");
Console.WriteLine("(a) storage calls: " + string.Join("; ", tables.Store.Summary()) + ".");
Console.WriteLine($"Load average after: {LoadAverage()}.");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT mix={options.Mix} live={options.Live} expired={options.Expired} stale={options.Extended} shards={tables.Shards} " +
    $"sweep_requests={sweepRequests} sweep_s={sweepSeconds:F2} scan_requests={scanRequests} scan_s={scanSeconds:F2} " +
    $"sweep_per_expired={(double)sweepRequests / options.Expired:F2} ratio={(double)sweepRequests / scanRequests:F2}"));

var ok = report.SessionsDeleted == options.Expired && scan.Deleted == options.Expired;
Console.WriteLine(ok ? "Both deleted every expired session." : "A sweep missed expired sessions.");
return ok ? 0 : 1;

void Row(string name, long requestCount, int read, int deleted, double seconds) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-22}{requestCount,10:N0}{(double)requestCount / options.Expired,13:F2}{read,15:N0}{deleted,9:N0}{seconds,10:F2}"));

static string Ratio(double numerator, double denominator) =>
    string.Create(CultureInfo.InvariantCulture, $"{numerator / denominator:F2}x");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(" ").Take(3)) : "n/a";
