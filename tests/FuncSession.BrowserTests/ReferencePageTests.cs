using FuncSession.BrowserTests.Infrastructure;
using FuncSession.Functions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests;

/// <summary>The API reference page in Chromium: reached from the demo page, it shows every route under its strict policy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferencePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheDemoPageLinksToAReferenceThatShowsEveryRouteAndBreaksNoPolicy()
    {
        await using var device = await browser.NewDeviceAsync();
        var page = await device.NewPageAsync();
        await page.GotoAsync(browser.DemoUrl);
        // The demo page's own 401s (nobody is logged in) are expected; count only what the reference says.
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        var complaints = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                complaints.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => complaints.Add(error);

        await page.ClickAsync("a[href=reference]");
        await Expect(page.Locator("#op-getSession")).ToBeVisibleAsync();

        await Expect(page.Locator("section.op[id^=op-]")).ToHaveCountAsync(ApiRoutes.All.Count);
        await Expect(page.Locator("#op-putSessionValue")).ToContainTextAsync("urn:funcsession:problem:session-too-large");
        await Expect(page.Locator("#schema-Problem")).ToContainTextAsync("urn:funcsession:problem:cross-site-request");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("reference"), FullPage = false });
        Assert.True(complaints.Count == 0, string.Join("\n", complaints));
    }
}
