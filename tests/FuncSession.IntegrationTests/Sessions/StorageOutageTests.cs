using System.Diagnostics;
using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>With Azurite stopped the API answers 503 problems quickly, and recovers when it is back.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(persistent: true);
        _api = await TestApi.StartAsync(_azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task RequestsDuringAnOutageGet503AndServiceReturnsWithStorage()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("kept"), HttpAssertions.Json("\"before\""));
        var token = created.SessionCookie()!;

        await _azurite.StopAsync();
        var clock = Stopwatch.StartNew();
        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("kept")).WithCookie(token));
        using var write = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Value("lost")) { Content = HttpAssertions.Json("1") }.WithCookie(token));
        using var anonymous = await client.PutAsync(ApiPaths.Value("new"), HttpAssertions.Json("1"));
        using var health = await client.GetAsync("health");
        var outageAnswers = clock.Elapsed;

        foreach (var response in new[] { read, write, anonymous, health })
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Empty(read.SetCookies());
        Assert.Empty(anonymous.SetCookies());
        Assert.True(outageAnswers < TimeSpan.FromSeconds(20), $"Four requests took {outageAnswers} during the outage.");

        await _azurite.StartAgainAsync();
        using var after = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("kept")).WithCookie(token));
        using var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("lost")).WithCookie(token));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("\"before\"", await after.Content.ReadAsStringAsync());
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "value-not-found");
    }
}
