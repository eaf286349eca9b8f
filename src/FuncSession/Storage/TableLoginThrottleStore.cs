using Azure;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>Failed-login counters in Table Storage: PartitionKey = normalized user name, one constant RowKey, written If-Match.</summary>
internal sealed class TableLoginThrottleStore(SessionTables tables) : ILoginThrottleStore
{
    public const string RowKey = "throttle";

    public Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            var response = await tables.LoginThrottle.GetEntityIfExistsAsync<TableEntity>(key, RowKey, cancellationToken: ct);
            return response.HasValue ? FromEntity(response.Value!) : null;
        }, cancellationToken);

    public Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            try
            {
                var response = await tables.LoginThrottle.AddEntityAsync(ToEntity(state), ct);
                state.Version = response.Headers.ETag?.ToString();
                return WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return WriteOutcome.Conflict;
            }
        }, cancellationToken);

    public Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken) =>
        StorageCalls.Guard(async ct =>
        {
            try
            {
                var etag = new ETag(state.Version ?? throw new InvalidOperationException("A replace needs the version that was read."));
                var response = await tables.LoginThrottle.UpdateEntityAsync(ToEntity(state), etag, TableUpdateMode.Replace, ct);
                state.Version = response.Headers.ETag?.ToString();
                return WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return WriteOutcome.Conflict;
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode != "TableNotFound")
            {
                // Reset by a successful login meanwhile: start again from nothing.
                return WriteOutcome.Missing;
            }
        }, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        // ETag.All: a success forgets the failures whatever was counted meanwhile.
        StorageCalls.Guard(ct => tables.LoginThrottle.DeleteEntityAsync(key, RowKey, ETag.All, ct), cancellationToken);

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
