using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Register, log in, who am I, log out: new ids at login, dead ids after it, bearer tokens.</summary>
/// <remarks>The tests share one API; each uses user names of its own.</remarks>
public sealed class LoginFlowTests(AccountApiFixture fixture) : IClassFixture<AccountApiFixture>
{
    private readonly TestApi _api = fixture.Api;

    [Fact]
    public async Task RegisterLogInAskWhoIAmAndLogOut()
    {
        using var client = _api.CreateClient();

        using var registered = await client.RegisterAsync("Alice");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("Alice", (await registered.ReadJsonAsync()).GetProperty("username").GetString());
        Assert.Null(registered.SessionCookie());
        registered.AssertNoStore();
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync());

        using var login = await client.LoginAsync("alice");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.ReadJsonAsync();
        Assert.Equal("Alice", body.GetProperty("username").GetString());
        Assert.False(body.GetProperty("permanent").GetBoolean());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.False(body.TryGetProperty("token", out _));
        Assert.NotNull(login.SessionCookie());
        Assert.DoesNotContain("max-age", login.SetCookies().Single(), StringComparison.OrdinalIgnoreCase);

        using var me = await client.GetAsync(ApiPaths.Me);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        me.AssertNoStore();
        var who = await me.ReadJsonAsync();
        Assert.Equal("Alice", who.GetProperty("username").GetString());
        Assert.True(who.GetProperty("authenticatedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.False(who.GetProperty("permanent").GetBoolean());

        using var logout = await client.PostAsync(ApiPaths.Logout, null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.True(logout.ClearsSessionCookie());
        using var after = await client.GetAsync(ApiPaths.Me);
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        after.AssertNoStore();
    }

    [Fact]
    public async Task LoginIssuesANewIdCarriesTheAnonymousValuesAndKillsTheOldId()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("carol");
        using var put = await client.PutAsync(ApiPaths.Value("cart"), HttpAssertions.Json("""{"items":[1,2]}"""));
        var anonymous = put.SessionCookie()!;

        using var login = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiPaths.Login)
        {
            Content = HttpAssertions.Json(AuthApi.Body("carol", AuthApi.Password)),
        }.WithCookie(anonymous));
        var loggedIn = login.SessionCookie()!;

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotEqual(anonymous, loggedIn);
        using var now = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(loggedIn));
        var session = await now.ReadJsonAsync();
        Assert.Equal("""{"items":[1,2]}""", session.GetProperty("values").GetProperty("cart").GetRawText());
        Assert.Equal("carol", session.GetProperty("user").GetString());

        using var replay = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("cart")).WithCookie(anonymous));
        await replay.AssertProblemAsync(HttpStatusCode.NotFound, "no-session");
        Assert.True(replay.ClearsSessionCookie());
        // The old id names a retired session that serves nothing and only lets a repeat of this login find its successor.
        Assert.Equal(_api.StorageKeyOf(loggedIn), Assert.Single(_api.Entities("Sessions"), e => e.PartitionKey == _api.StorageKeyOf(anonymous)).GetString("RotatedTo"));

        var stored = Assert.Single(_api.Entities("Sessions"), e => e.PartitionKey == _api.StorageKeyOf(loggedIn));
        Assert.Equal("carol", stored.GetString("User"));
        Assert.Equal("carol", stored.GetString("UserKey"));
        Assert.NotNull(stored.GetDateTimeOffset("AuthenticatedAt"));
        Assert.Single(_api.Entities("UserSessions", "carol"), e => e.RowKey == _api.StorageKeyOf(loggedIn));
    }

    [Fact]
    public async Task ASessionIdPlantedBeforeLoginIsUselessAfterIt()
    {
        using var attacker = _api.CreateRawClient();
        using var planted = await attacker.PutAsync(ApiPaths.Value("trap"), HttpAssertions.Json("1"));
        var fixedId = planted.SessionCookie()!;
        using var victim = _api.CreateRawClient();
        await victim.RegisteredAsync("victim");

        using var login = await victim.SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiPaths.Login)
        {
            Content = HttpAssertions.Json(AuthApi.Body("victim", AuthApi.Password)),
        }.WithCookie(fixedId));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var me = await attacker.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me).WithCookie(fixedId));
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        using var session = await attacker.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(fixedId));
        Assert.Empty((await session.ReadJsonAsync()).GetProperty("values").EnumerateObject());
        using var asBearer = await attacker.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me).WithBearer(fixedId));
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
    }

    [Fact]
    public async Task ValuesOfAnotherUsersSessionDoNotCarryOver()
    {
        using var client = _api.CreateClient();
        await client.RegisteredAsync("bob");
        await client.RegisteredAsync("dave");
        await client.LoggedInAsync("bob");
        (await client.PutAsync(ApiPaths.Value("secret"), HttpAssertions.Json("\"bob's\""))).Dispose();

        await client.LoggedInAsync("dave");

        using var session = await client.GetAsync("session");
        var body = await session.ReadJsonAsync();
        Assert.Equal("dave", body.GetProperty("user").GetString());
        Assert.False(body.GetProperty("values").TryGetProperty("secret", out _));
        Assert.Empty(_api.Entities("UserSessions", "bob"));
    }

    [Fact]
    public async Task RememberMeMakesAPermanentSessionAndCookie()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("erin");

        using var login = await client.LoginAsync("erin", remember: true);

        Assert.True((await login.ReadJsonAsync()).GetProperty("permanent").GetBoolean());
        Assert.Contains("max-age=2678400", login.SetCookies().Single(), StringComparison.OrdinalIgnoreCase);
        using var me = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me).WithCookie(login.SessionCookie()!));
        Assert.True((await me.ReadJsonAsync()).GetProperty("permanent").GetBoolean());
    }

    [Fact]
    public async Task ABearerTokenFromLoginWorksOnEveryEndpoint()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("frank");
        var token = await client.LoggedInAsync("frank");

        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync(token));
        using var put = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Value("theme"))
        {
            Content = HttpAssertions.Json("\"dark\""),
        }.WithBearer(token));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Empty(put.SetCookies());
        using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("theme")).WithBearer(token));
        Assert.Equal("\"dark\"", await get.Content.ReadAsStringAsync());
        using var list = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions).WithBearer(token));
        Assert.True((await list.ReadJsonAsync()).EnumerateArray().Single().GetProperty("current").GetBoolean());

        using var logoutAll = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiPaths.LogoutAll).WithBearer(token));
        Assert.Equal(HttpStatusCode.NoContent, logoutAll.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(token));
    }

    [Fact]
    public async Task ACookieOrTokenReplayedAfterLogoutGetsNoSession()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("grace");
        using var login = await client.LoginAsync("grace", returnToken: true);
        var cookie = login.SessionCookie()!;
        var token = (await login.ReadJsonAsync()).GetProperty("token").GetString()!;
        Assert.Equal(cookie, token);

        using var logout = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiPaths.Logout).WithCookie(cookie));
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        using var replayed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me).WithCookie(cookie));
        await replayed.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        Assert.True(replayed.ClearsSessionCookie());
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(token));
        Assert.Empty(_api.Entities("UserSessions", "grace"));
        Assert.DoesNotContain(_api.Entities("Sessions"), e => e.PartitionKey == _api.StorageKeyOf(cookie));
    }

    [Fact]
    public async Task LogOutEverywhereEndsEverySessionOfThatUserAndNoOtherUsers()
    {
        using var browser = _api.CreateClient();
        using var phone = _api.CreateRawClient();
        using var other = _api.CreateClient();
        await browser.RegisteredAsync("heidi");
        await browser.RegisteredAsync("ivan");
        await browser.LoggedInAsync("heidi");
        var phoneToken = await phone.LoggedInAsync("heidi");
        var cliToken = await phone.LoggedInAsync("HEIDI");
        await other.LoggedInAsync("ivan");

        using var all = await browser.PostAsync(ApiPaths.LogoutAll, null);

        Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        Assert.True(all.ClearsSessionCookie());
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MeStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.MeStatusAsync(phoneToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.MeStatusAsync(cliToken));
        Assert.Equal(HttpStatusCode.OK, await other.MeStatusAsync());
        Assert.Empty(_api.Entities("UserSessions", "heidi"));
        Assert.DoesNotContain(_api.Entities("Sessions"), e => e.GetString("UserKey") == "heidi");
    }

    [Fact]
    public async Task LogoutWithoutASessionIsNoContentAndCreatesNothing()
    {
        using var client = _api.CreateRawClient();
        var before = _api.Entities("Sessions").Count;

        using var logout = await client.PostAsync(ApiPaths.Logout, null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        logout.AssertNoStore();
        Assert.Empty(logout.SetCookies());
        Assert.Equal(before, _api.Entities("Sessions").Count);
    }

    [Fact]
    public async Task AnAnonymousSessionIsNotLoggedIn()
    {
        using var client = _api.CreateClient();
        (await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"))).Dispose();

        using var me = await client.GetAsync(ApiPaths.Me);
        using var list = await client.GetAsync(ApiPaths.UserSessions);
        using var all = await client.PostAsync(ApiPaths.LogoutAll, null);

        await me.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        await list.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        await all.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        Assert.Contains("Bearer", me.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var session = await client.GetAsync(ApiPaths.Value("a"));
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
    }
}
