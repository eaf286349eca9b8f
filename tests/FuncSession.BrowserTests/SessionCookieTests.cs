using FuncSession.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace FuncSession.BrowserTests;

/// <summary>The session cookie as Chromium stores it: out of reach of scripts, scoped as configured, and as long-lived as asked.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionCookieTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheCookieIsHttpOnlyLaxRootPathAndEndsWithTheBrowser()
    {
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();

        await demo.SetValueAsync("greeting", "\"hello\"");
        var cookie = await SessionCookieAsync(device);
        var visibleToScript = await demo.Page.EvaluateAsync<string>("() => document.cookie");

        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.Equal("127.0.0.1", cookie.Domain);
        Assert.Equal(-1, cookie.Expires);
        Assert.DoesNotContain(cookie.Value, visibleToScript, StringComparison.Ordinal);
        Assert.DoesNotContain("session=", visibleToScript, StringComparison.Ordinal);
        await demo.ScreenshotAsync("anonymous-session");
    }

    [Fact]
    public async Task APermanentSessionGetsACookieOfThePermanentLifetime()
    {
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();

        var status = await demo.Page.EvaluateAsync<int>(
            "async () => (await fetch('session', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ permanent: true }) })).status");
        var cookie = await SessionCookieAsync(device);

        Assert.Equal(200, status);
        AssertLifetime(cookie, BrowserFixture.PermanentLifetime);
    }

    [Fact]
    public async Task RememberMeGivesThePermanentLifetimeAndWithoutItTheCookieEndsWithTheBrowser()
    {
        var user = Users.NewName("remember");
        await using var remembered = await browser.NewDeviceAsync();
        await using var forgetful = await browser.NewDeviceAsync();
        var first = new DemoPage(await remembered.NewPageAsync(), browser.DemoUrl);
        var second = new DemoPage(await forgetful.NewPageAsync(), browser.DemoUrl);
        await first.OpenAsync();
        await second.OpenAsync();
        await first.RegisterAsync(user, Users.Password);

        await first.LogInAsync(user, Users.Password, remember: true);
        await second.LogInAsync(user, Users.Password, remember: false);

        AssertLifetime(await SessionCookieAsync(remembered), BrowserFixture.PermanentLifetime);
        var browserSession = await SessionCookieAsync(forgetful);
        Assert.Equal(-1, browserSession.Expires);
        Assert.True(browserSession.HttpOnly);
        await first.ScreenshotAsync("logged-in-remembered");
    }

    private static void AssertLifetime(BrowserContextCookiesResult cookie, TimeSpan lifetime)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires);
        var expected = DateTimeOffset.UtcNow + lifetime;
        Assert.InRange(expires, expected - TimeSpan.FromMinutes(5), expected + TimeSpan.FromMinutes(5));
    }

    internal static async Task<BrowserContextCookiesResult> SessionCookieAsync(IBrowserContext device) =>
        Assert.Single(await device.CookiesAsync(), c => c.Name == "session");
}
