using System.Net;
using System.Text.Json;
using FuncSession.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>"My sessions": opaque handles, only one's own, live ones only.</summary>
public sealed class UserSessionsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), time: _time);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task TheListShowsEveryLiveSessionUnderAnOpaqueHandleAndMarksTheCurrentOne()
    {
        using var browser = _api.CreateClient();
        using var phone = _api.CreateRawClient();
        await browser.RegisteredAsync("alice");
        var browserToken = await browser.LoggedInAsync("alice");
        var phoneToken = await phone.LoggedInAsync("alice", remember: true);

        using var response = await browser.GetAsync(ApiPaths.UserSessions);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        response.AssertNoStore();
        var text = await response.Content.ReadAsStringAsync();
        var sessions = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        Assert.False(sessions[1].GetProperty("current").GetBoolean());
        Assert.True(sessions[1].GetProperty("permanent").GetBoolean());
        foreach (var session in sessions)
        {
            Assert.Equal(22, session.GetProperty("id").GetString()!.Length);
            foreach (var field in new[] { "createdAt", "lastSeenAt", "expiresAt" })
            {
                session.GetProperty(field).GetDateTimeOffset();
            }
        }
        foreach (var secret in new[] { browserToken, phoneToken })
        {
            Assert.DoesNotContain(secret[..43], text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[44..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(_api.StorageKeyOf(secret), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AHandleEndsThatSessionAndNoOther()
    {
        using var browser = _api.CreateClient();
        using var phone = _api.CreateRawClient();
        await browser.RegisteredAsync("bob");
        await browser.LoggedInAsync("bob");
        var phoneToken = await phone.LoggedInAsync("bob");
        var other = (await ListAsync(browser)).Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        using var end = await browser.DeleteAsync(ApiPaths.UserSession(other));

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        Assert.Empty(end.SetCookies());
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.MeStatusAsync(phoneToken));
        Assert.Equal(HttpStatusCode.OK, await browser.MeStatusAsync());
        Assert.Single(await ListAsync(browser));
        Assert.Single(_api.Entities("UserSessions", "bob"));
        using var again = await browser.DeleteAsync(ApiPaths.UserSession(other));
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "user-session-not-found");
    }

    [Fact]
    public async Task AnotherUsersHandleIsNotFoundAndEndsNothing()
    {
        using var carol = _api.CreateClient();
        using var dave = _api.CreateClient();
        await carol.RegisteredAsync("carol");
        await dave.RegisteredAsync("dave");
        await carol.LoggedInAsync("carol");
        await dave.LoggedInAsync("dave");
        var daves = (await ListAsync(dave)).Single().GetProperty("id").GetString()!;

        using var attempt = await carol.DeleteAsync(ApiPaths.UserSession(daves));

        await attempt.AssertProblemAsync(HttpStatusCode.NotFound, "user-session-not-found");
        Assert.Equal(HttpStatusCode.OK, await dave.MeStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await carol.MeStatusAsync());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AHandleThatIsNoneOfTheUsersIsNotFound(string handle)
    {
        using var client = _api.CreateClient();
        await client.RegisteredAsync("erin");
        await client.LoggedInAsync("erin");

        using var attempt = await client.DeleteAsync(ApiPaths.UserSession(handle));

        await attempt.AssertProblemAsync(HttpStatusCode.NotFound, "user-session-not-found");
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync());
    }

    [Fact]
    public async Task EndingTheCurrentSessionByItsHandleClearsTheCookie()
    {
        using var client = _api.CreateClient();
        await client.RegisteredAsync("frank");
        await client.LoggedInAsync("frank");
        var current = (await ListAsync(client)).Single().GetProperty("id").GetString()!;

        using var end = await client.DeleteAsync(ApiPaths.UserSession(current));

        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        Assert.True(end.ClearsSessionCookie());
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync());
    }

    [Fact]
    public async Task ExpiredSessionsAreLeftOutAndTheirIndexEntriesDropped()
    {
        using var shortLived = _api.CreateRawClient();
        using var remembered = _api.CreateRawClient();
        await shortLived.RegisteredAsync("grace");
        await shortLived.LoggedInAsync("grace");
        var token = await remembered.LoggedInAsync("grace", remember: true);
        Assert.Equal(2, _api.Entities("UserSessions", "grace").Count);

        _time.Advance(TimeSpan.FromMinutes(31));
        using var response = await remembered.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions).WithBearer(token));

        var session = Assert.Single((await response.ReadJsonAsync()).EnumerateArray());
        Assert.True(session.GetProperty("current").GetBoolean());
        Assert.Single(_api.Entities("UserSessions", "grace"));
    }

    [Fact]
    public async Task WithoutALoggedInSessionTheSessionRoutesAnswerUnauthorized()
    {
        using var client = _api.CreateClient();

        using var list = await client.GetAsync(ApiPaths.UserSessions);
        using var end = await client.DeleteAsync(ApiPaths.UserSession("AAAAAAAAAAAAAAAAAAAAAA"));
        using var all = await client.PostAsync(ApiPaths.LogoutAll, null);

        await list.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        await end.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        await all.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        end.AssertNoStore();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync(ApiPaths.UserSessions);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }
}
