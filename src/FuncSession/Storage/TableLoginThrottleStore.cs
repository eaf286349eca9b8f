using Azure;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>Failed-login counters in Table Storage: PartitionKey = normalized user name, one constant RowKey, written If-Match.</summary>
internal sealed class TableLoginThrottleStore(SessionTables tables) : ILoginThrottleStore
{
    public const string RowKey = "throttle";

    public async Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken) =>
        await ConditionalEntities.ReadAsync(tables.Metrics, "login-throttle.read", tables.LoginThrottle, key, RowKey, cancellationToken) is { } entity ? FromEntity(entity) : null;

    public async Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.AddAsync(tables.Metrics, "login-throttle.add", tables.LoginThrottle, ToEntity(state), cancellationToken);
        state.Version = outcome == WriteOutcome.Written ? version : state.Version;
        return outcome;
    }

    public async Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.ReplaceAsync(tables.Metrics, "login-throttle.replace", tables.LoginThrottle, ToEntity(state), state.Version, cancellationToken);
        state.Version = outcome == WriteOutcome.Written ? version : state.Version;
        return outcome;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        // ETag.All: a success forgets the failures whatever was counted meanwhile.
        StorageCalls.Guard(tables.Metrics, "login-throttle.delete", ct => tables.LoginThrottle.DeleteEntityAsync(key, RowKey, ETag.All, ct), cancellationToken);

    private static TableEntity ToEntity(LoginThrottleState state)
    {
        var entity = new TableEntity(state.Key, RowKey)
        {
            ["Failures"] = state.Failures,
            ["Lockouts"] = state.Lockouts,
            ["LastFailureAt"] = state.LastFailureAt,
        };
        if (state.LockedUntil is { } until)
        {
            entity["LockedUntil"] = until;
        }
        return entity;
    }

    private static LoginThrottleState FromEntity(TableEntity entity) => new()
    {
        Key = entity.PartitionKey,
        Failures = entity.GetInt32("Failures") ?? 0,
        Lockouts = entity.GetInt32("Lockouts") ?? 0,
        LockedUntil = entity.GetDateTimeOffset("LockedUntil"),
        LastFailureAt = entity.GetDateTimeOffset("LastFailureAt") ?? default,
        Version = entity.ETag.ToString(),
    };
}
