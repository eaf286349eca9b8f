using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// Per-address counters in the LoginThrottle table: PartitionKey = client address, RowKey =
/// "rate-" + purpose, so they never meet a user name's counter (RowKey "throttle") even when a
/// name looks like an address. Written If-Match.
/// </summary>
internal sealed class TableRateCounterStore(SessionTables tables) : IRateCounterStore
{
    public const string RowKeyPrefix = "rate-";

    public async Task<RateCounter?> GetAsync(string address, string purpose, CancellationToken cancellationToken) =>
        await ConditionalEntities.ReadAsync(tables.Metrics, "rate-counter.read", tables.LoginThrottle, address, RowKeyPrefix + purpose, cancellationToken) is { } entity
            ? FromEntity(entity, purpose)
            : null;

    public async Task<WriteOutcome> AddAsync(RateCounter counter, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.AddAsync(tables.Metrics, "rate-counter.add", tables.LoginThrottle, ToEntity(counter), cancellationToken);
        counter.Version = outcome == WriteOutcome.Written ? version : counter.Version;
        return outcome;
    }

    public async Task<WriteOutcome> ReplaceAsync(RateCounter counter, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.ReplaceAsync(tables.Metrics, "rate-counter.replace", tables.LoginThrottle, ToEntity(counter), counter.Version, cancellationToken);
        counter.Version = outcome == WriteOutcome.Written ? version : counter.Version;
        return outcome;
    }

    private static TableEntity ToEntity(RateCounter counter) => new(counter.Address, RowKeyPrefix + counter.Purpose)
    {
        ["WindowStart"] = counter.WindowStart,
        ["Count"] = counter.Count,
    };

    private static RateCounter FromEntity(TableEntity entity, string purpose) => new()
    {
        Address = entity.PartitionKey,
        Purpose = purpose,
        WindowStart = entity.GetDateTimeOffset("WindowStart") ?? default,
        Count = entity.GetInt32("Count") ?? 0,
        Version = entity.ETag.ToString(),
    };
}
