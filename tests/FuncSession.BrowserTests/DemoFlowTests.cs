using FuncSession.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests;

/// <summary>The demo page end to end in Chromium: values, problems, register, log in, reload, log out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnonymousValuesAreSetReadDeletedAndSurviveAReload()
    {
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();
        await demo.ScreenshotAsync("start");

        await demo.SetValueAsync("cart", "[\"apple\", {\"pear\": 2}]");
        await demo.Page.ReloadAsync();
        await Expect(demo.Page.Locator("body[data-ready=true]")).ToBeAttachedAsync();

        await Expect(demo.Values).ToContainTextAsync("\"pear\": 2");
        await demo.Page.FillAsync("#key", "cart");
        await demo.Page.ClickAsync("#get");
        await Expect(demo.Page.Locator("#value")).ToHaveValueAsync("[\"apple\",{\"pear\":2}]");
        await demo.Page.ClickAsync("#delete");
        await Expect(demo.Status).ToContainTextAsync("Deleted cart");
        await Expect(demo.Values).Not.ToContainTextAsync("cart");
    }

    [Fact]
    public async Task TheApisProblemDetailsAreShownOnErrors()
    {
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();

        await demo.Page.FillAsync("#key", "not a key");
        await demo.Page.FillAsync("#value", "1");
        await demo.Page.ClickAsync("#set");

        await Expect(demo.Page.Locator("#problem-status")).ToHaveTextAsync("400");
        await Expect(demo.Page.Locator("#problem-type")).ToHaveTextAsync("urn:funcsession:problem:invalid-key");
        await Expect(demo.Page.Locator("#problem-detail")).ToContainTextAsync("not a key");
        await demo.ScreenshotAsync("problem-details");
    }

    [Fact]
    public async Task RegisterLogInKeepTheSessionOverAReloadAndLogOutClearsIt()
    {
        var user = Users.NewName("alice");
        await using var device = await browser.NewDeviceAsync();
        var demo = new DemoPage(await device.NewPageAsync(), browser.DemoUrl);
        await demo.OpenAsync();
        await demo.SetValueAsync("before-login", "\"kept\"");

        await demo.RegisterAsync(user, Users.Password);
        await demo.LogInAsync(user, Users.Password);
        await demo.SetValueAsync("theme", "\"dark\"");
        await demo.Page.ReloadAsync();
        await Expect(demo.Page.Locator("body[data-ready=true]")).ToBeAttachedAsync();

        await Expect(demo.WhoAmI).ToHaveTextAsync(user);
        await Expect(demo.Expiry).ToContainTextAsync("browser session, expires");
        await Expect(demo.Values).ToContainTextAsync("\"theme\": \"dark\"");
        await Expect(demo.Values).ToContainTextAsync("\"before-login\": \"kept\"");
        await Expect(demo.SessionRows).ToHaveCountAsync(1);
        await demo.ScreenshotAsync("logged-in");

        await demo.Page.ClickAsync("#logout");

        await Expect(demo.Status).ToContainTextAsync("Logged out");
        await Expect(demo.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        await Expect(demo.Values).ToHaveTextAsync("{}");
        Assert.DoesNotContain(await device.CookiesAsync(), c => c.Name == "session");
        await demo.ScreenshotAsync("logged-out");
    }
}
