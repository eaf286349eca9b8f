namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>Percentiles of a set of durations, in milliseconds.</summary>
public static class Latencies
{
    public static double Percentile(IEnumerable<TimeSpan> durations, double percentile)
    {
        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Describe(IReadOnlyCollection<TimeSpan> durations) =>
        durations.Count == 0
            ? "none"
            : $"n={durations.Count} p50={Percentile(durations, 50):F0} ms p99={Percentile(durations, 99):F0} ms max={durations.Max().TotalMilliseconds:F0} ms";
}
