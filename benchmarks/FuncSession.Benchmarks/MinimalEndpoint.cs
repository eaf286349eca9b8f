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
/// difference is what the API adds. Two more routes split the floor itself: <c>/constant</c>
/// answers fixed bytes without any storage call (Kestrel alone), <c>/delayed</c> answers them after
/// 40 ms (Kestrel alone, at the request rate a storage-bound endpoint sees), and <c>/plain/values/{name}</c>
/// makes the same point read with a bare HttpClient and a SharedKeyLite signature instead of
/// Azure.Data.Tables (the SDK's share).
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
        var constant = "\"hello, world\""u8.ToArray();
        app.MapGet("/constant", () => Results.Bytes(constant, "application/json"));
        app.MapGet("/delayed", async () =>
        {
            await Task.Delay(40);
            return Results.Bytes(constant, "application/json");
        });
        var plain = PlainPointRead.Create(connectionString, StorageBaseline.TableName, key, rowKey);
        app.MapGet("/plain/values/{name}", async (string name) =>
            await plain.ReadAsync() is { } value ? Results.Bytes(value, "application/json") : Results.NotFound());
        await app.RunAsync();
        return 0;
    }

    /// <summary>One point read over HTTP with a SharedKeyLite signature, and the first value's bytes out of the JSON.</summary>
    private sealed class PlainPointRead(HttpClient http, Uri address, string resource, byte[] accountKey, string account)
    {
        public static PlainPointRead Create(string connectionString, string table, string partitionKey, string rowKey)
        {
            var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
            var endpoint = parts["TableEndpoint"].TrimEnd('/');
            var entity = $"{table}(PartitionKey='{Uri.EscapeDataString(partitionKey)}',RowKey='{Uri.EscapeDataString(rowKey)}')";
            var address = new Uri($"{endpoint}/{entity}");
            var account = parts["AccountName"];
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false, UseProxy = false };
            return new PlainPointRead(new HttpClient(handler), address, $"/{account}{address.AbsolutePath}", Convert.FromBase64String(parts["AccountKey"]), account);
        }

        public async Task<byte[]?> ReadAsync()
        {
            var date = DateTime.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(accountKey, System.Text.Encoding.UTF8.GetBytes($"{date}\n{resource}")));
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.TryAddWithoutValidation("x-ms-date", date);
            request.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");
            request.Headers.TryAddWithoutValidation("Accept", "application/json;odata=nometadata");
            request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {account}:{signature}");
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            return json.RootElement.TryGetProperty("V0", out var value) ? value.GetBytesFromBase64() : null;
        }
    }
}
