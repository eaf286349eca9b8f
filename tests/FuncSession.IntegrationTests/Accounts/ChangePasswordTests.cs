using System.Net;
using FuncSession.Testing;
using Microsoft.Extensions.Time.Testing;
using static FuncSession.IntegrationTests.Accounts.AccountChangeApi;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>POST /api/auth/password: the new password, the other sessions ended, throttled and checked like a login.</summary>
public sealed class ChangePasswordTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), time: _time);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AChangeEndsTheOtherCookieAndBearerSessionsWhileTheAskingOneGoesOn()
    {
        using var asking = _api.CreateClient();
        using var laptop = _api.CreateClient();
        using var raw = _api.CreateRawClient();
        await asking.RegisteredAsync("alice");
        await asking.LoggedInAsync("alice");
        await laptop.LoggedInAsync("alice");
        var phoneToken = await raw.LoggedInAsync("alice");

        using var changed = await asking.SendAsync(ChangePassword(AuthApi.Password, NewPassword));

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        changed.AssertNoStore();
        Assert.Empty(changed.SetCookies());
        Assert.Equal(HttpStatusCode.OK, await asking.MeStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await laptop.MeStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await raw.MeStatusAsync(phoneToken));
        Assert.Single(_api.Entities("UserSessions", "alice"));
        using var old = await raw.LoginAsync("alice");
        await old.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        using var fresh = await raw.LoginAsync("alice", NewPassword);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task AWrongCurrentPasswordIs401AndCountsTowardsTheLockOfTheName()
    {
        using var client = _api.CreateClient();
        await client.RegisteredAsync("bob");
        await client.LoggedInAsync("bob");
        var hash = _api.Entities("Users", "bob").Single().GetString("PasswordHash");

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.SendAsync(ChangePassword("not the password", NewPassword));
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        }
        // The fifth failure is a failed login: it locks the name like any other.
        using var fifth = await client.LoginAsync("bob", "still not the password");
        await fifth.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");

        using var locked = await client.SendAsync(ChangePassword(AuthApi.Password, NewPassword));

        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.Equal(TimeSpan.FromSeconds(30), locked.Headers.RetryAfter?.Delta);
        Assert.Equal(hash, _api.Entities("Users", "bob").Single().GetString("PasswordHash"));
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync());

        _time.Advance(TimeSpan.FromSeconds(31));
        using var unlocked = await client.SendAsync(ChangePassword(AuthApi.Password, NewPassword));
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        Assert.Empty(_api.Entities("LoginThrottle", "bob"));
    }

    [Theory]
    [InlineData("short", "invalid-password")]
    [InlineData("Password1", "common-password")]
    [InlineData("noncharacter \uFFFE here", "invalid-password")]
    public async Task ANewPasswordAgainstThePolicyIs400AndChangesNothing(string next, string type)
    {
        using var client = _api.CreateClient();
        using var other = _api.CreateRawClient();
        await client.RegisteredAsync("carol");
        await client.LoggedInAsync("carol");
        var otherToken = await other.LoggedInAsync("carol");
        var before = _api.Entities("Users", "carol").Single();

        using var refused = await client.SendAsync(ChangePassword(AuthApi.Password, next));

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, type);
        var after = _api.Entities("Users", "carol").Single();
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(HttpStatusCode.OK, await other.MeStatusAsync(otherToken));
        Assert.Empty(_api.Entities("LoginThrottle", "carol"));
    }

    [Fact]
    public async Task WithoutALoggedInSessionTheAnswerIs401()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("dave");

        using var anonymous = await client.SendAsync(ChangePassword(AuthApi.Password, NewPassword));

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "not-authenticated");
        using var login = await client.LoginAsync("dave");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task RepeatingAChangeWhoseAnswerWasLostSucceedsAndEndsTheOtherSessionsAgain()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("erin");
        var token = await client.LoggedInAsync("erin");
        using var first = await client.SendAsync(ChangePassword(AuthApi.Password, NewPassword).WithBearer(token));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var later = await client.LoggedInAsync("erin", NewPassword);

        using var repeat = await client.SendAsync(ChangePassword(AuthApi.Password, NewPassword).WithBearer(token));

        Assert.Equal(HttpStatusCode.NoContent, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(later));
        using var login = await client.LoginAsync("erin", NewPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
