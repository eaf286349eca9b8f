using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using FuncSession.Testing;
using FuncSession.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Telemetry;

/// <summary>When storage does not answer, the storage metrics say so: the call is timed as unavailable, and the client's retries are counted.</summary>
public sealed class StorageTelemetryTests
{
    [Fact]
    public async Task ACallToStorageThatRefusesConnectionsIsTimedAsUnavailableAndItsRetriesCounted()
    {
        // A loopback port nobody listens on: every try is refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteServer.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var api = await TestApi.StartAsync(nowhere, new Dictionary<string, string?>
        {
            ["FuncSession:CreateTablesOnStartup"] = "false",
            ["FuncSession:StorageRetries"] = "2",
        });
        using var metrics = new MetricsCollector(api.Services.GetRequiredService<IMeterFactory>());
        using var client = api.CreateRawClient();

        using var health = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var ping = Assert.Single(metrics.Of(FuncSessionMetrics.StorageDuration));
        Assert.Equal("session.ping", ping.Tags["operation"]);
        Assert.Equal("unavailable", ping.Tags["outcome"]);
        Assert.Equal(2, metrics.Sum(FuncSessionMetrics.StorageRetries));
    }
}
