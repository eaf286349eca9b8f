using System.Diagnostics;
using System.Globalization;
using FuncSession.CleanupBenchmark;
using FuncSession.Testing;

// Fills a table set with N live and M expired sessions and cleans it with the expiry-index sweep;
// writes the same M expired sessions again and cleans them with a full-table scan; prints what
// each read and how fast.
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

await using var azurite = options.ConnectionString is null ? await AzuriteServer.StartAsync(persistent: false) : null;
var connectionString = options.ConnectionString ?? azurite!.ConnectionString;
var run = "b" + Guid.NewGuid().ToString("N")[..8];
await using var tables = await TableSet.CreateAsync(connectionString, run, options.Parallelism);

Console.WriteLine($"Cleanup benchmark: {options.Live:N0} live ({options.Extended:N0} of them extended) + {options.Expired:N0} expired sessions, {options.Parallelism} calls in flight, " +
    $"{Environment.ProcessorCount} cores, storage: {(azurite is null ? "given connection string" : "in-memory Azurite on 127.0.0.1")}.");

var now = DateTimeOffset.UtcNow;
var sessions = SessionFiller.Make(tables, options.Live, options.Expired, now, seed: 42);
var filling = Stopwatch.StartNew();
await SessionFiller.WriteAsync(tables, sessions, options.Expired, options.Extended, now, options.Parallelism);
Console.WriteLine($"Filled in {filling.Elapsed.TotalSeconds:F1} s.");

var sweepClock = Stopwatch.StartNew();
var report = await tables.Sweeper.SweepAsync(CancellationToken.None);
sweepClock.Stop();
if (!report.Completed)
{
    Console.Error.WriteLine($"The sweep stopped early: {report.StopReason}.");
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"(a) index sweep: read {report.IndexEntriesRead + report.SessionsRead:N0} entities, deleted {report.SessionsDeleted:N0} sessions in {sweepClock.Elapsed.TotalSeconds:F1} s."));

// The scan gets the same data: the expired sessions are written again (the live ones were never touched).
filling.Restart();
await SessionFiller.WriteAsync(tables, sessions.Take(options.Expired).ToList(), options.Expired, extended: 0, now, options.Parallelism);
Console.WriteLine($"Wrote the {options.Expired:N0} expired sessions again for the scan in {filling.Elapsed.TotalSeconds:F1} s.");

var scanClock = Stopwatch.StartNew();
var scan = await ScanSweep.RunAsync(tables.Tables.Sessions, now, options.Parallelism);
scanClock.Stop();

var sweepRead = report.IndexEntriesRead + report.SessionsRead;
var sweepSeconds = sweepClock.Elapsed.TotalSeconds;
var scanSeconds = scanClock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine($"{"",-22}{"entities read",15}{"sessions deleted",18}{"seconds",10}{"deleted/s",11}{"read/expired",14}");
Row("(a) index sweep", sweepRead, report.SessionsDeleted, sweepSeconds);
Row("(b) full-table scan", scan.Read, scan.Deleted, scanSeconds);
Console.WriteLine($"{"ratio (b)/(a)",-22}{Ratio(scan.Read, sweepRead),15}{"",18}{Ratio(scanSeconds, sweepSeconds),10}");
Console.WriteLine();
Console.WriteLine($"(a) read {report.IndexEntriesRead:N0} index entries and {report.SessionsRead:N0} sessions; " +
    $"{report.StaleEntriesDropped:N0} stale, {report.SessionsSpared:N0} spared, {report.IndexEntriesDeleted:N0} index entries removed.");

Console.WriteLine("(a) time per storage call: " + string.Join("; ", tables.Store.Summary()) + ".");

var ok = report.SessionsDeleted == options.Expired && scan.Deleted == options.Expired;
Console.WriteLine(ok ? "Both deleted every expired session." : "A sweep missed expired sessions.");
return ok ? 0 : 1;

void Row(string name, int read, int deleted, double seconds) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-22}{read,15:N0}{deleted,18:N0}{seconds,10:F2}{deleted / seconds,11:N0}{(double)read / options.Expired,14:F2}"));

static string Ratio(double numerator, double denominator) =>
    string.Create(CultureInfo.InvariantCulture, $"{numerator / denominator:F1}x");
