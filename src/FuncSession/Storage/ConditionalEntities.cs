using Azure;
using Azure.Data.Tables;
using FuncSession.Sessions;
using FuncSession.Telemetry;

namespace FuncSession.Storage;

/// <summary>
/// The point read and the two optimistic writes every store makes, with their outcomes: a new
/// entity is added only if absent (409 is a conflict), and a replace is made If-Match the version
/// that was read (412 is a conflict, 404 means it is gone).
/// </summary>
internal static class ConditionalEntities
{
    public static Task<TableEntity?> ReadAsync(FuncSessionMetrics metrics, string operation, TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        StorageCalls.Guard(metrics, operation, async ct =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
            return response.HasValue ? response.Value : null;
        }, cancellationToken);

    /// <summary>Adds the entity; on success returns the new version.</summary>
    public static Task<(WriteOutcome Outcome, string? Version)> AddAsync(
        FuncSessionMetrics metrics, string operation, TableClient table, TableEntity entity, CancellationToken cancellationToken) =>
        StorageCalls.Guard(metrics, operation, async ct =>
        {
            try
            {
                var response = await table.AddEntityAsync(entity, ct);
                return (WriteOutcome.Written, response.Headers.ETag?.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return (WriteOutcome.Conflict, (string?)null);
            }
        }, cancellationToken);

    /// <summary>Replaces the entity if it is still at <paramref name="version"/>; on success returns the new version.</summary>
    public static Task<(WriteOutcome Outcome, string? Version)> ReplaceAsync(
        FuncSessionMetrics metrics, string operation, TableClient table, TableEntity entity, string? version, CancellationToken cancellationToken) =>
        StorageCalls.Guard(metrics, operation, async ct =>
        {
            try
            {
                var etag = new ETag(version ?? throw new InvalidOperationException("A replace needs the version that was read."));
                var response = await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, ct);
                return (WriteOutcome.Written, response.Headers.ETag?.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return (WriteOutcome.Conflict, (string?)null);
            }
            catch (RequestFailedException ex) when (StorageCalls.IsMissingEntity(ex))
            {
                return (WriteOutcome.Missing, (string?)null);
            }
        }, cancellationToken);
}
