using System.Net;
using FuncSession.Testing;
using static FuncSession.IntegrationTests.Accounts.AccountChangeApi;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Changing the password and deleting the account follow the cross-site rules of every unsafe route.</summary>
public sealed class AccountCrossSiteTests : IAsyncLifetime
{
    private TestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:AllowedOrigins", "https://app.example.com")));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(true, "https://evil.example", null)]
    [InlineData(true, null, "cross-site")]
    [InlineData(false, "https://evil.example", null)]
    [InlineData(false, "null", null)]
    public async Task AForeignBrowserRequestWithTheCookieIsForbiddenAndChangesNothing(bool changePassword, string? origin, string? fetchSite)
    {
        using var client = _api.CreateRawClient();
        var name = "u" + Guid.NewGuid().ToString("N")[..8];
        await client.RegisteredAsync(name);
        using var login = await client.LoginAsync(name);
        var cookie = login.SessionCookie()!;
        var user = _api.Entities("Users", name).Single();
        var request = (changePassword ? ChangePassword(AuthApi.Password, NewPassword) : DeleteAccount(AuthApi.Password)).WithCookie(cookie);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "cross-site-request");
        Assert.Equal(user.ETag, _api.Entities("Users", name).Single().ETag);
        using var me = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me).WithCookie(cookie));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }
}
