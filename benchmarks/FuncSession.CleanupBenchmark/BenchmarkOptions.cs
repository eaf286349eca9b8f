using System.Globalization;

namespace FuncSession.CleanupBenchmark;

/// <summary>The command line: how many sessions of each kind, and where the storage is.</summary>
internal sealed record BenchmarkOptions(int Live, int Expired, int Extended, int Parallelism, string? ConnectionString)
{
    public const string Usage =
        "usage: FuncSession.CleanupBenchmark [--live N] [--expired M] [--extended K] [--parallelism P] [--connection-string CS]\n" +
        "  --live N               live sessions (default 5000)\n" +
        "  --expired M            expired sessions (default 500)\n" +
        "  --extended K           of the live sessions, how many were extended after they were indexed, leaving\n" +
        "                         an old entry in a due bucket for the sweep to read and drop (default 0)\n" +
        "  --parallelism P        storage calls in flight, for filling and both sweeps (default 16)\n" +
        "  --connection-string CS a Table Storage account or Azurite to use; default: start an in-memory Azurite\n" +
        "                         from the repository's node_modules on a free 127.0.0.1 port";

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(5_000, 500, 0, 16, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--live" => options with { Live = Count(args[i], value, 0) },
                "--expired" => options with { Expired = Count(args[i], value, 1) },
                "--extended" => options with { Extended = Count(args[i], value, 0) },
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
