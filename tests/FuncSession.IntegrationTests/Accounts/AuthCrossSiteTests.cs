using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>The cross-site rules hold for every unsafe account route, login and register included.</summary>
public sealed class AuthCrossSiteTests : IAsyncLifetime
{
    private const string Allowed = "https://app.example.com";

    private TestApi _api = null!;
    private HttpClient _client = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:AllowedOrigins", Allowed)));
        _client = _api.CreateRawClient();
        await _client.RegisteredAsync("alice");
        _token = await _client.LoggedInAsync("alice");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    public static TheoryData<string, string?, string?> Refused()
    {
        var data = new TheoryData<string, string?, string?>();
        foreach (var route in new[] { ApiPaths.Register, ApiPaths.Login, ApiPaths.Logout, ApiPaths.LogoutAll })
        {
            data.Add(route, "https://evil.example", null);
            data.Add(route, "null", null);
            data.Add(route, "https://app.example.com.evil.example", null);
            data.Add(route, "http://app.example.com", null);
            data.Add(route, null, "cross-site");
            data.Add(route, "https://evil.example", "same-origin");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AForeignBrowserRequestIsForbiddenWithACookieOrWithNoCredentials(string route, string? origin, string? fetchSite)
    {
        foreach (var withCookie in new[] { false, true })
        {
            var request = Request(route, origin, fetchSite);
            if (withCookie)
            {
                request.WithCookie(_token);
            }

            using var response = await _client.SendAsync(request);

            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "cross-site-request");
            response.AssertNoStore();
        }
        Assert.Equal(HttpStatusCode.OK, await _client.MeStatusAsync(_token));
        Assert.Single(_api.Entities("Users"));
    }

    public static TheoryData<string?, string?> Permitted() => new()
    {
        { null, null },
        { Allowed, null },
        { Allowed, "cross-site" },
        { null, "same-origin" },
        { null, "same-site" },
        { null, "none" },
    };

    [Theory]
    [MemberData(nameof(Permitted))]
    public async Task RequestsFromNoBrowserTheOwnSiteOrAnAllowedOriginPass(string? origin, string? fetchSite)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..8];

        using var register = await _client.SendAsync(Request(ApiPaths.Register, origin, fetchSite, name));
        using var login = await _client.SendAsync(Request(ApiPaths.Login, origin, fetchSite, name));
        using var logout = await _client.SendAsync(Request(ApiPaths.Logout, origin, fetchSite).WithCookie(login.SessionCookie()!));

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
    }

    [Fact]
    public async Task TheApisOwnOriginPasses()
    {
        var own = _api.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var login = await _client.SendAsync(Request(ApiPaths.Login, own, "same-origin", "alice"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData(ApiPaths.LogoutAll)]
    [InlineData(ApiPaths.Logout)]
    [InlineData(ApiPaths.Login)]
    public async Task ABearerRequestIsNotSubjectToTheRules(string route)
    {
        var token = await _client.LoggedInAsync("alice");

        using var response = await _client.SendAsync(Request(route, "https://evil.example", "cross-site", "alice").WithBearer(token));

        Assert.True(response.IsSuccessStatusCode, $"{route} answered {response.StatusCode}");
    }

    private static HttpRequestMessage Request(string route, string? origin, string? fetchSite, string user = "alice")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = HttpAssertions.Json(AuthApi.Body(user, AuthApi.Password)),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }
}
