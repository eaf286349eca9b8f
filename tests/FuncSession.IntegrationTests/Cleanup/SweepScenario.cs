using Azure.Data.Tables;
using FuncSession.Cleanup;
using FuncSession.IntegrationTests.Infrastructure;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>
/// The API on a fake clock, with the real sweep store behind a counting decorator: sessions are made
/// through the real <see cref="SessionService"/> or HTTP, then the clock moves past their expiry.
/// </summary>
internal sealed class SweepScenario : IAsyncDisposable
{
    /// <summary>Mid-bucket, so "30 minutes later" lands in a well-defined bucket.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 2, 0, TimeSpan.Zero);

    private SweepScenario(TestApi api, FakeTimeProvider clock, CapturingLoggerProvider logs)
    {
        Api = api;
        Clock = clock;
        Logs = logs;
        Store = (CountingSweepStore)api.Services.GetRequiredService<ISweepStore>();
        Sweeper = api.Services.GetRequiredService<SessionSweeper>();
    }

    public TestApi Api { get; }

    public FakeTimeProvider Clock { get; }

    public CountingSweepStore Store { get; }

    public SessionSweeper Sweeper { get; }

    /// <summary>The sweeper's log entries, Information and above.</summary>
    public CapturingLoggerProvider Logs { get; }

    public static async Task<SweepScenario> StartAsync(IDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        var clock = new FakeTimeProvider(Start);
        var logs = new CapturingLoggerProvider(typeof(SessionSweeper).FullName!);
        var api = await TestApi.StartAsync(connectionString, settings, clock, services =>
        {
            services.AddSingleton<ISweepStore>(p => new CountingSweepStore(new TableSweepStore(p.GetRequiredService<SessionTables>())));
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<LoggerFilterOptions>(options => options.Rules.Add(
                new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, typeof(SessionSweeper).FullName, LogLevel.Information, null)));
        });
        return new SweepScenario(api, clock, logs);
    }

    /// <summary>Creates <paramref name="count"/> sessions now, through the session service; returns their keys.</summary>
    public async Task<IReadOnlyList<string>> CreateSessionsAsync(int count)
    {
        var service = Api.Services.GetRequiredService<SessionService>();
        var keys = new List<string>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(16))
        {
            var created = await Task.WhenAll(chunk.Select(async i =>
            {
                var update = await service.UpdateAsync(null, create: true, session =>
                {
                    session.Values = System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{i}}}""");
                    return SessionChange.Changed;
                }, CancellationToken.None);
                return update.Session!.Key;
            }));
            keys.AddRange(created);
        }
        return keys;
    }

    public Task<SweepReport> SweepAsync() => Sweeper.SweepAsync(CancellationToken.None);

    public async Task<HashSet<string>> SessionKeysAsync() =>
        await KeysAsync(Api.Table(SessionTables.SessionsName), e => e.PartitionKey);

    public async Task<HashSet<string>> IndexedKeysAsync() =>
        await KeysAsync(Api.Table(SessionTables.SessionExpiryName), e => e.RowKey);

    /// <summary>The partition of every index entry (one item per entry).</summary>
    public async Task<List<string>> IndexPartitionsAsync()
    {
        var partitions = new List<string>();
        await foreach (var entity in Api.Table(SessionTables.SessionExpiryName).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            partitions.Add(entity.PartitionKey);
        }
        return partitions;
    }

    public async Task<int> IndexEntryCountAsync() => (await IndexPartitionsAsync()).Count;

    private static async Task<HashSet<string>> KeysAsync(TableClient table, Func<TableEntity, string> key)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            keys.Add(key(entity));
        }
        return keys;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
