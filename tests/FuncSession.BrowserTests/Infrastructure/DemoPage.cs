using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>The demo page as a user works it: fill in, click, read what it shows.</summary>
public sealed class DemoPage(IPage page, string url)
{
    public IPage Page { get; } = page;

    public ILocator WhoAmI => Page.Locator("#whoami");

    public ILocator Expiry => Page.Locator("#expiry");

    public ILocator Values => Page.Locator("#values");

    public ILocator Status => Page.Locator("#status");

    public ILocator SessionRows => Page.Locator("#sessions tr[data-id]");

    public async Task OpenAsync()
    {
        await Page.GotoAsync(url);
        await Expect(Page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
    }

    public async Task RegisterAsync(string username, string password)
    {
        await Page.FillAsync("#username", username);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("#register");
        await Expect(Status).ToContainTextAsync("Registered");
    }

    public async Task LogInAsync(string username, string password, bool remember = false)
    {
        await Page.FillAsync("#username", username);
        await Page.FillAsync("#password", password);
        await Page.SetCheckedAsync("#remember", remember);
        await Page.ClickAsync("#login");
        await Expect(Status).ToContainTextAsync("Logged in as " + username);
        await Expect(WhoAmI).ToHaveTextAsync(username);
    }

    public async Task SetValueAsync(string key, string json)
    {
        await Page.FillAsync("#key", key);
        await Page.FillAsync("#value", json);
        await Page.ClickAsync("#set");
        await Expect(Status).ToContainTextAsync("Set " + key);
    }

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot(name), FullPage = true });
}
