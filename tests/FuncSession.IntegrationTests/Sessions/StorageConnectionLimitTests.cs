using System.Net;
using System.Net.NetworkInformation;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>An instance opens no more connections to storage than configured, however many requests arrive.</summary>
public sealed class StorageConnectionLimitTests : IAsyncLifetime
{
    private const int Limit = 4;
    private AzuriteServer _azurite = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        // A private Azurite, so only this API's connections reach its port.
        _azurite = await AzuriteServer.StartAsync(persistent: true);
        _api = await TestApi.StartAsync(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["FuncSession:StorageConnections"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task FiftyConcurrentRequestsShareTheConfiguredNumberOfStorageConnections()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("greeting"), HttpAssertions.Json("\"hello\""));
        var token = created.SessionCookie()!;
        var before = ConnectionsToStorage();

        var reads = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("greeting")).WithCookie(token));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(reads);
        var after = ConnectionsToStorage();

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        // The test's own table client (which waited for the tables) may hold one more.
        Assert.InRange(after, 1, Limit + 1);
        Assert.InRange(before, 1, Limit + 1);
    }

    /// <summary>Open connections from this process to the private Azurite (the pool keeps them after use).</summary>
    private int ConnectionsToStorage() =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.State == TcpState.Established && c.RemoteEndPoint.Port == _azurite.Port);
}
