using System.Net;
using FuncSession.Testing;
using Microsoft.Extensions.Time.Testing;
using static FuncSession.IntegrationTests.Accounts.AccountChangeApi;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>DELETE /api/auth/account: every session ends, the user's rows go, the name stays taken for a while.</summary>
public sealed class DeleteAccountTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), time: _time);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AWrongPasswordIs401AndChangesNothing()
    {
        using var client = _api.CreateClient();
        await client.RegisteredAsync("alice");
        await client.LoggedInAsync("alice");
        var user = _api.Entities("Users", "alice").Single();

        using var wrong = await client.SendAsync(DeleteAccount("not the password"));

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Empty(wrong.SetCookies());
        Assert.Equal(user.ETag, _api.Entities("Users", "alice").Single().ETag);
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync());
        Assert.Equal(1, _api.Entities("LoginThrottle", "alice").Single().GetInt32("Failures"));
    }

    [Fact]
    public async Task ADeletionEndsEverySessionClearsTheCookieAndLeavesOnlyATombstoneWithoutPassword()
    {
        using var client = _api.CreateClient();
        using var raw = _api.CreateRawClient();
        await client.RegisteredAsync("bob");
        await client.LoggedInAsync("bob");
        var phone = await raw.LoggedInAsync("bob", remember: true);
        var laptop = await raw.LoggedInAsync("bob");
        using (await raw.LoginAsync("bob", "a wrong password"))
        {
        }
        Assert.Single(_api.Entities("LoginThrottle", "bob"));

        using var deleted = await client.SendAsync(DeleteAccount(AuthApi.Password));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(deleted.ClearsSessionCookie());
        Assert.Equal(HttpStatusCode.Unauthorized, await raw.MeStatusAsync(phone));
        Assert.Equal(HttpStatusCode.Unauthorized, await raw.MeStatusAsync(laptop));
        Assert.Empty(_api.Entities("UserSessions", "bob"));
        Assert.Empty(_api.Entities("LoginThrottle", "bob"));
        Assert.DoesNotContain(_api.Entities("Sessions"), session => session.GetString("UserKey") == "bob");
        var tombstone = _api.Entities("Users", "bob").Single();
        Assert.Equal("", tombstone.GetString("PasswordHash"));
        Assert.NotNull(tombstone.GetDateTimeOffset("DeletedAt"));
        using var login = await raw.LoginAsync("bob");
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task TheNameStaysTakenForTheLongestSessionLifetimeAndIsFreeAfter()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("carol");
        var token = await client.LoggedInAsync("carol");
        using (var deleted = await client.SendAsync(DeleteAccount(AuthApi.Password).WithBearer(token)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var soon = await client.RegisterAsync("Carol", "another fine passphrase");
        await soon.AssertProblemAsync(HttpStatusCode.Conflict, "username-taken");

        _time.Advance(TimeSpan.FromDays(89));
        using var stillTaken = await client.RegisterAsync("carol", "another fine passphrase");
        await stillTaken.AssertProblemAsync(HttpStatusCode.Conflict, "username-taken");

        _time.Advance(TimeSpan.FromDays(1));
        using var free = await client.RegisterAsync("carol", "another fine passphrase");
        Assert.Equal(HttpStatusCode.Created, free.StatusCode);
        using var login = await client.LoginAsync("carol", "another fine passphrase");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Null(_api.Entities("Users", "carol").Single().GetDateTimeOffset("DeletedAt"));
    }

    [Fact]
    public async Task ARepeatAfterTheDeletionFinishedFindsNoSessionAndAnswers401WithTheCookieCleared()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("dave");
        using var login = await client.LoginAsync("dave");
        var cookie = login.SessionCookie()!;
        using (var deleted = await client.SendAsync(DeleteAccount(AuthApi.Password).WithCookie(cookie)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var repeat = await client.SendAsync(DeleteAccount(AuthApi.Password).WithCookie(cookie));

        await repeat.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        Assert.True(repeat.ClearsSessionCookie());
        Assert.Single(_api.Entities("Users", "dave"));
    }

    [Fact]
    public async Task WithoutALoggedInSessionTheAnswerIs401AndTheAccountStays()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("erin");

        using var anonymous = await client.SendAsync(DeleteAccount(AuthApi.Password));

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        using var login = await client.LoginAsync("erin");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
