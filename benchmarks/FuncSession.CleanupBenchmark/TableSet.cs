using System.Globalization;
using FuncSession.Cleanup;
using FuncSession.Security;
using FuncSession.Sessions;
using FuncSession.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.CleanupBenchmark;

/// <summary>
/// One set of the service's tables under its own prefix, wired by the same <c>AddFuncSession</c>
/// as the Function App, so the benchmark writes and sweeps exactly what the API would.
/// </summary>
internal sealed class TableSet : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TableSet(ServiceProvider services)
    {
        _services = services;
        Tables = services.GetRequiredService<SessionTables>();
        ExpiryIndex = services.GetRequiredService<ExpiryIndex>();
        Codec = services.GetRequiredService<SessionTokenCodec>();
        Bucket = services.GetRequiredService<IOptions<SessionOptions>>().Value.ExpiryBucket;
        Shards = services.GetRequiredService<IOptions<SessionOptions>>().Value.ExpiryShards;
        Store = new TimedSweepStore(services.GetRequiredService<ISweepStore>());
        Sweeper = new SessionSweeper(Store, ExpiryIndex, services.GetRequiredService<IOptions<SessionOptions>>(),
            TimeProvider.System, services.GetRequiredService<ILogger<SessionSweeper>>());
    }

    /// <summary>The sweep's storage, timed.</summary>
    public TimedSweepStore Store { get; }

    public SessionTables Tables { get; }

    public ExpiryIndex ExpiryIndex { get; }

    public SessionTokenCodec Codec { get; }

    /// <summary>The length of an expiry bucket (the app's setting).</summary>
    public TimeSpan Bucket { get; }

    /// <summary>The partitions each bucket is spread over (the app's setting).</summary>
    public int Shards { get; }

    public SessionSweeper Sweeper { get; }

    public static async Task<TableSet> CreateAsync(string connectionString, string prefix, int parallelism, int? shards)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SessionStorage:connectionString"] = connectionString,
            ["FuncSession:SigningKeys"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["FuncSession:TablePrefix"] = prefix,
            ["FuncSession:SweepTimeBudget"] = "01:00:00",
            ["FuncSession:SweepParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            ["FuncSession:StorageTimeout"] = "00:00:30",
        };
        if (shards is { } count)
        {
            settings["FuncSession:ExpiryShards"] = count.ToString(CultureInfo.InvariantCulture);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddFuncSession(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var set = new TableSet(services);
        await Task.WhenAll(set.Tables.All.Select(table => table.CreateIfNotExistsAsync()));
        return set;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Tables.All.Select(table => table.DeleteAsync()));
        await _services.DisposeAsync();
    }
}
