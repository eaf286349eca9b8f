using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>
/// New anonymous sessions per client address (here the connection's address, 127.0.0.1, as no
/// forwarded header is trusted): limited per instance, while sessions that exist go on working.
/// </summary>
public sealed class NewSessionLimitTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: new Dictionary<string, string?> { ["FuncSession:NewSessionsPerAddress"] = "3" });
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task AnAddressPastItsNewSessionLimitIsRefusedWhileItsExistingSessionsKeepWorking()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await _client.SendAsync(Put());
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
            tokens.Add(created.SessionCookie()!);
        }

        using var refused = await _client.SendAsync(Put());
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Null(refused.SessionCookie());

        using var patched = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "session")
        {
            Content = HttpAssertions.Json("""{"permanent": true}"""),
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, patched.StatusCode);

        using var existing = await _client.SendAsync(Put().WithCookie(tokens[0]));
        Assert.Equal(HttpStatusCode.NoContent, existing.StatusCode);
    }

    [Fact]
    public async Task TheTokenOfAnEndedSessionIsNoWayPastTheLimit()
    {
        using var created = await _client.SendAsync(Put());
        var token = created.SessionCookie()!;
        using var ended = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "session").WithCookie(token));
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var again = await _client.SendAsync(Put().WithCookie(token));
            statuses.Add(again.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
    }

    private static HttpRequestMessage Put() =>
        new(HttpMethod.Put, "session/values/cart") { Content = HttpAssertions.Json("""{"items": 1}""") };
}
