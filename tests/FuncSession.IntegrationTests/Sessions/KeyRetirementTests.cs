using System.Net;
using System.Security.Cryptography;
using FuncSession.Http;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>
/// Retiring a signing key: once a new key is put in front, a cookie or bearer token signed by the
/// old key is renewed on its next use, and the renewed one works where only the new key is known.
/// </summary>
public sealed class KeyRetirementTests : IAsyncLifetime
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private TestApi _old = null!;
    private TestApi _rotated = null!;
    private TestApi _retired = null!;

    public async Task InitializeAsync()
    {
        _old = await TestApi.StartAsync(settings: new Dictionary<string, string?> { ["FuncSession:SigningKeys"] = OldKey });
        _rotated = await StartOnSameTablesAsync($"{NewKey},{OldKey}");
        _retired = await StartOnSameTablesAsync(NewKey);
    }

    public async Task DisposeAsync()
    {
        await _retired.DisposeAsync();
        await _rotated.DisposeAsync();
        await _old.DisposeAsync();
    }

    [Fact]
    public async Task ACookieSignedByTheOldKeyIsReissuedUnderTheNewKeyOnItsNextUse()
    {
        var oldToken = await CreateSessionAsync();

        using var client = _rotated.CreateRawClient();
        using var renewed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(oldToken));
        var newToken = renewed.SessionCookie();

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.NotNull(newToken);
        Assert.NotEqual(oldToken, newToken);
        using var again = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(newToken!));
        Assert.Null(again.SessionCookie());
        Assert.Equal("1", await ValueUnderRetiredKeyAsync(newToken!, bearer: false));
    }

    [Fact]
    public async Task ABearerTokenSignedByTheOldKeyComesBackRenewedInAHeader()
    {
        var oldToken = await CreateSessionAsync();

        using var client = _rotated.CreateRawClient();
        using var renewed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithBearer(oldToken));
        var newToken = renewed.Headers.TryGetValues(SessionRequest.RenewedTokenHeader, out var values) ? values.Single() : null;

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Empty(renewed.SetCookies());
        Assert.NotNull(newToken);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal("1", await ValueUnderRetiredKeyAsync(newToken!, bearer: true));
    }

    [Fact]
    public async Task AnOldKeysTokenForAnEndedSessionIsClearedNotRenewed()
    {
        var oldToken = await CreateSessionAsync();
        using var client = _rotated.CreateRawClient();
        using var ended = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "session").WithBearer(oldToken));

        using var answer = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(oldToken));

        Assert.True(answer.ClearsSessionCookie());
        Assert.False(answer.Headers.Contains(SessionRequest.RenewedTokenHeader));
    }

    private async Task<TestApi> StartOnSameTablesAsync(string keys) =>
        await TestApi.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FuncSession:SigningKeys"] = keys,
            ["FuncSession:TablePrefix"] = _old.TablePrefix,
            ["FuncSession:CreateTablesOnStartup"] = "false",
        });

    private async Task<string> CreateSessionAsync()
    {
        using var client = _old.CreateRawClient();
        using var created = await client.PutAsync("session/values/n", HttpAssertions.Json("1"));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        return created.SessionCookie()!;
    }

    private async Task<string> ValueUnderRetiredKeyAsync(string token, bool bearer)
    {
        using var client = _retired.CreateRawClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "session/values/n");
        using var answer = await client.SendAsync(bearer ? request.WithBearer(token) : request.WithCookie(token));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }
}
