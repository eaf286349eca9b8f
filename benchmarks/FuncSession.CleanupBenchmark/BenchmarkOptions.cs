using System.Globalization;

namespace FuncSession.CleanupBenchmark;

/// <summary>The command line: how many sessions of each kind, and where the storage is.</summary>
internal sealed record BenchmarkOptions(string Mix, int Live, int Expired, int Extended, int Parallelism, string? ConnectionString, int? Shards = null)
{
    public const string Usage =
        "usage: FuncSession.CleanupBenchmark [--mix a|b|c] [--live N] [--expired M] [--extended K] [--shards S] [--parallelism P] [--connection-string CS]\n" +
        "  --mix a|b|c            a steady-state mix (each run finds what came due since the last one):\n" +
        "                         a: permanent-heavy, 100,000 live and 50 expired;\n" +
        "                         b: browser-heavy, 20,000 live and 5,000 expired, and 5,000 stale entries\n" +
        "                            (one per expired session) left by live sessions that moved on;\n" +
        "                         c: the default, 5,000 live and 500 expired.\n" +
        "                         --live, --expired and --extended after it change its numbers.\n" +
        "  --live N               live sessions (default 5000)\n" +
        "  --expired M            expired sessions (default 500)\n" +
        "  --extended K           of the live sessions, how many were extended after they were indexed, leaving\n" +
        "                         an old entry in the due bucket for the sweep to read and drop (default 0)\n" +
        "  --shards S             partitions per expiry bucket (FuncSession__ExpiryShards; default: the app's, 16)\n" +
        "  --parallelism P        storage calls in flight, for filling and both sweeps (default 16)\n" +
        "  --connection-string CS a Table Storage account or Azurite to use; default: start an in-memory Azurite\n" +
        "                         from the repository's node_modules on a free 127.0.0.1 port";

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions("c", 5_000, 500, 0, 16, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--mix" => value switch
                {
                    "a" => options with { Mix = "a", Live = 100_000, Expired = 50, Extended = 0 },
                    "b" => options with { Mix = "b", Live = 20_000, Expired = 5_000, Extended = 5_000 },
                    "c" => options with { Mix = "c", Live = 5_000, Expired = 500, Extended = 0 },
                    _ => throw new ArgumentException($"--mix must be a, b or c (it is '{value}')."),
                },
                "--live" => options with { Mix = "custom", Live = Count(args[i], value, 0) },
                "--expired" => options with { Mix = "custom", Expired = Count(args[i], value, 1) },
                "--extended" => options with { Mix = "custom", Extended = Count(args[i], value, 0) },
                "--shards" => options with { Shards = Count(args[i], value, 1) },
                "--parallelism" => options with { Parallelism = Count(args[i], value, 1) },
                "--connection-string" => options with { ConnectionString = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
            i++;
        }
        return options.Extended <= options.Live
            ? options
            : throw new ArgumentException("--extended cannot exceed --live.");
    }

    private static int Count(string option, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min
            ? count
            : throw new ArgumentException($"{option} must be a whole number of at least {min} (it is '{value}').");
}
