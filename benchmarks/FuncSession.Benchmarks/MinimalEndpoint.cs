using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using FuncSession.Storage;

namespace FuncSession.Benchmarks;

/// <summary>
/// The floor under the API's CPU per GET: a Kestrel endpoint that makes the same storage call as
/// <c>GET /api/session/values/{key}</c> (one point read of a one-value session through
/// Azure.Data.Tables, the SDK's logging policy off as in the app) and answers the stored bytes: one
/// route, no middleware, cookie, session rules, metrics or logging. The load benchmark drives it
/// with the same wrk requests as the API, so the two per-request CPU figures compare directly; the
/// difference is what the API adds.
/// </summary>
internal static class MinimalEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = StorageBaseline.Parse(args);
        var connectionString = options.GetValueOrDefault("connection-string")
            ?? throw new ArgumentException("--connection-string is required.");
        var urls = options.GetValueOrDefault("urls") ?? throw new ArgumentException("--urls is required.");

        var clientOptions = new TableClientOptions();
        clientOptions.Diagnostics.IsLoggingEnabled = false;
        var table = new TableServiceClient(connectionString, clientOptions).GetTableClient(StorageBaseline.TableName);
        await table.CreateIfNotExistsAsync();
        var key = SampleSessions.KeyFor("floor-small");
        await table.UpsertEntityAsync(SessionEntity.From(SampleSessions.Record(key, SampleSessions.SmallValues)), TableUpdateMode.Replace);
        var rowKey = SessionEntity.RowKeyFor(key);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapGet("/api/session/values/{name}", async (string name) =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(key, rowKey);
            return response.HasValue && response.Value!.GetBinary("V0") is { } value
                ? Results.Bytes(value, "application/json")
                : Results.NotFound();
        });
        await app.RunAsync();
        return 0;
    }
}
