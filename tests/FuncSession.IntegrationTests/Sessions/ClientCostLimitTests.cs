using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>
/// What one client can make the service keep, against Azurite: no session outlives its maximum
/// lifetime however it is used, an anonymous session holds less than a logged-in one, and a user
/// has a bounded number of sessions.
/// </summary>
public sealed class ClientCostLimitTests
{
    [Fact]
    public async Task APermanentBearerSessionUsedEveryDayStillEndsAtItsCreationPlusTheMaximumLifetime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:MaxLifetime", "40.00:00:00")), time: clock);
        using var client = api.CreateRawClient();
        await client.RegisteredAsync("keeper");
        var token = await client.LoggedInAsync("keeper");
        var created = clock.GetUtcNow();

        using var permanent = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "session")
        {
            Content = HttpAssertions.Json("""{"permanent":true}"""),
        }.WithBearer(token));
        Assert.Equal(created + TimeSpan.FromDays(31), (await permanent.ReadJsonAsync()).GetProperty("expiresAt").GetDateTimeOffset());
        for (var day = 1; day < 40; day++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            using var use = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithBearer(token));
            var body = await use.ReadJsonAsync();
            Assert.Equal(created, body.GetProperty("createdAt").GetDateTimeOffset());
            Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() <= created + TimeSpan.FromDays(40), $"day {day}");
        }
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(token));
    }

    [Fact]
    public async Task AnAnonymousSessionIsRefusedPastItsLimitWhileALoggedInOneMayHoldMore()
    {
        await using var api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:MaxAnonymousSessionBytes", "4096")));
        using var client = api.CreateRawClient();
        var big = HttpAssertions.Json("\"" + new string('x', 6000) + "\"");
        using var small = await client.PutAsync("session/values/a", HttpAssertions.Json("1"));
        var anonymous = small.SessionCookie()!;

        using var refused = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "session/values/big") { Content = big }.WithCookie(anonymous));
        using var refusedNew = await client.PutAsync("session/values/big", HttpAssertions.Json("\"" + new string('x', 6000) + "\""));
        await client.RegisteredAsync("roomy");
        var loggedIn = await client.LoggedInAsync("roomy");
        using var accepted = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "session/values/big")
        {
            Content = HttpAssertions.Json("\"" + new string('x', 6000) + "\""),
        }.WithBearer(loggedIn));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "session-too-large");
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await refusedNew.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "session-too-large");
        Assert.Null(refusedNew.SessionCookie());
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public async Task ALoginPastTheLimitOfSessionsPerUserEndsTheOldest()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:MaxSessionsPerUser", "3")), time: clock);
        using var client = api.CreateRawClient();
        await client.RegisteredAsync("busy");
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await client.LoggedInAsync("busy"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var alive = new List<HttpStatusCode>();
        foreach (var token in tokens)
        {
            alive.Add(await client.MeStatusAsync(token));
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], alive);
        Assert.Equal(3, api.Entities("UserSessions", AuthApi.UserKeyOf("busy")).Count);
    }
}
