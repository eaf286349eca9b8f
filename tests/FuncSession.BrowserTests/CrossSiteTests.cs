using FuncSession.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests;

/// <summary>
/// A page on another origin, in the same browser as a logged-in user, cannot change that user's
/// session with fetch and credentials: 'include'. Its origin shares the API's host, so the browser
/// does send the session cookie: the API's cross-site rules are what refuse it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteTests(BrowserFixture browser)
{
    private const string Attack = """
        async (api) => {
          const attempts = [
            [api + 'auth/logout', { method: 'POST', credentials: 'include', mode: 'no-cors' }],
            [api + 'auth/logout-all', { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' }],
            [api + 'session', { method: 'PATCH', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{"values":{"pwned":true},"permanent":true}' }],
            [api + 'session/values/pwned', { method: 'PUT', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: 'true' }],
            [api + 'session', { method: 'DELETE', credentials: 'include' }],
          ];
          const outcomes = [];
          for (const [url, init] of attempts) {
            try { const r = await fetch(url, init); outcomes.push(init.method + ' ' + r.type + ' ' + r.status); }
            catch (e) { outcomes.push(init.method + ' refused by the browser'); }
          }
          return outcomes;
        }
        """;

    [Fact]
    public async Task AnotherOriginCannotChangeTheSessionWithCredentialedFetch()
    {
        var user = Users.NewName("dave");
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();
        await demo.RegisterAsync(user, Users.Password);
        await demo.LogInAsync(user, Users.Password);
        await demo.SetValueAsync("theme", "\"dark\"");
        var answers = new List<(string Method, string Url, int Status)>();
        device.Response += (_, response) => answers.Add((response.Request.Method, response.Url, response.Status));

        var evil = await device.NewPageAsync();
        await evil.GotoAsync(browser.Other.Address.ToString());
        var outcomes = await evil.EvaluateAsync<string[]>(Attack, browser.Api.BaseAddress.ToString());
        await evil.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("other-origin") });

        var posts = answers.Where(a => a.Method == "POST" && a.Url.Contains("/api/auth/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, post => Assert.Equal(403, post.Status));
        Assert.DoesNotContain(answers, a => a.Method is "PATCH" or "PUT" or "DELETE" && a.Status is >= 200 and < 300);
        Assert.Equal(5, outcomes.Length);

        await demo.Page.ReloadAsync();
        await Expect(demo.WhoAmI).ToHaveTextAsync(user);
        await Expect(demo.Expiry).ToContainTextAsync("browser session");
        await Expect(demo.Values).ToContainTextAsync("\"theme\": \"dark\"");
        await Expect(demo.Values).Not.ToContainTextAsync("pwned");
    }

    [Fact]
    public async Task AnotherOriginCannotChangeAnAnonymousSession()
    {
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();
        await demo.SetValueAsync("cart", "[1,2,3]");
        var before = (await SessionCookieTests.SessionCookieAsync(device)).Value;

        var evil = await device.NewPageAsync();
        await evil.GotoAsync(browser.Other.Address.ToString());
        await evil.EvaluateAsync<string[]>(Attack, browser.Api.BaseAddress.ToString());

        await demo.Page.ReloadAsync();
        await Expect(demo.Page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await Expect(demo.Values).ToContainTextAsync("\"cart\"");
        await Expect(demo.Values).Not.ToContainTextAsync("pwned");
        Assert.Equal(before, (await SessionCookieTests.SessionCookieAsync(device)).Value);
        Assert.Equal(-1, (await SessionCookieTests.SessionCookieAsync(device)).Expires);
    }
}
