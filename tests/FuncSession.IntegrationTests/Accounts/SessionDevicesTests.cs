using System.Net;
using System.Text.RegularExpressions;
using FuncSession.Testing;
using static FuncSession.IntegrationTests.Accounts.AccountChangeApi;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>"My sessions" shows the device and network of each login, and pages through many sessions.</summary>
public sealed partial class SessionDevicesTests : IAsyncLifetime
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    private TestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:ClientAddressHeader", "X-Forwarded-For")));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ALoginShowsTheLabelOfItsBrowserAndTheNetworkItCameFrom()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("alice");
        var login = new HttpRequestMessage(HttpMethod.Post, ApiPaths.Login)
        {
            Content = HttpAssertions.Json(AuthApi.Body("alice", AuthApi.Password, returnToken: true)),
        };
        login.Headers.TryAddWithoutValidation("User-Agent", Firefox);
        login.Headers.Add("X-Forwarded-For", "192.0.2.1, 203.0.113.77:50123");
        using var loggedIn = await client.SendAsync(login);
        var token = (await loggedIn.ReadJsonAsync()).GetProperty("token").GetString()!;
        var curl = new HttpRequestMessage(HttpMethod.Post, ApiPaths.Login)
        {
            Content = HttpAssertions.Json(AuthApi.Body("alice", AuthApi.Password)),
        };
        curl.Headers.TryAddWithoutValidation("User-Agent", "curl/8.11.0");
        curl.Headers.Add("X-Forwarded-For", "2001:db8:abcd:12::1");
        using (await client.SendAsync(curl))
        {
        }

        var sessions = await client.SessionsAsync(token);

        Assert.Equal(2, sessions.Count);
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        Assert.Equal("Firefox on Windows", sessions[0].GetProperty("device").GetString());
        Assert.Equal("203.0.113.0/24", sessions[0].GetProperty("network").GetString());
        Assert.Equal("curl", sessions[1].GetProperty("device").GetString());
        Assert.Equal("2001:db8:abcd::/48", sessions[1].GetProperty("network").GetString());
        foreach (var session in sessions)
        {
            session.GetProperty("createdAt").GetDateTimeOffset();
            session.GetProperty("lastSeenAt").GetDateTimeOffset();
        }
    }

    [Fact]
    public async Task PagesOfThreeListSevenSessionsEachExactlyOnce()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("bob");
        var tokens = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            tokens.Add(await client.LoggedInAsync("bob"));
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = ApiPaths.UserSessions + "?limit=3";
        while (next is not null && pages < 10)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, next).WithBearer(tokens[0]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.ReadJsonAsync()).EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 3);
            seen.AddRange(page);
            pages++;
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink(links.Single()) : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public async Task AFirstPageOfOneHoldsTheAskingSessionAndItsNextPageTheOthers()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("carol");
        var first = await client.LoggedInAsync("carol");
        await client.LoggedInAsync("carol");

        using var one = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions + "?limit=1").WithBearer(first));
        var next = NextLink(one.Headers.GetValues("Link").Single());
        using var two = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, next).WithBearer(first));

        Assert.True((await one.ReadJsonAsync())[0].GetProperty("current").GetBoolean());
        var rest = (await two.ReadJsonAsync()).EnumerateArray().ToList();
        Assert.False(Assert.Single(rest).GetProperty("current").GetBoolean());
        Assert.False(two.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=")]
    [InlineData("?limit=1&limit=2")]
    [InlineData("?cursor=short")]
    [InlineData("?cursor=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("?cursor=aaaaaaaaaaaaaaaaaaaaa%2B")]
    public async Task ABadLimitOrCursorIs400(string query)
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("dave");
        var token = await client.LoggedInAsync("dave");

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions + query).WithBearer(token));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-page");
    }

    /// <summary>The target of a <c>Link: &lt;…&gt;; rel="next"</c> header, relative to the API's base address.</summary>
    private static string NextLink(string header)
    {
        var match = LinkPattern().Match(header);
        Assert.True(match.Success, header);
        var target = match.Groups["target"].Value;
        Assert.StartsWith("/api/", target, StringComparison.Ordinal);
        return target["/api/".Length..];
    }

    [GeneratedRegex("^<(?<target>[^>]+)>; rel=\"next\"$")]
    private static partial Regex LinkPattern();
}
