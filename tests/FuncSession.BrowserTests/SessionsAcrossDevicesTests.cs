using FuncSession.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests;

/// <summary>Two browser profiles of one user: each sees the other in "my sessions", and ending one logs it out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionsAcrossDevicesTests(BrowserFixture browser)
{
    [Fact]
    public async Task ASecondDeviceAppearsInMySessionsAndEndingItLogsItOut()
    {
        var user = Users.NewName("bob");
        await using var devices = await TwoDevices.LoggedInAsync(browser, user);
        var (first, second) = (devices.First, devices.Second);

        await first.Page.ClickAsync("#refresh");
        await Expect(first.SessionRows).ToHaveCountAsync(2);
        await Expect(first.SessionRows.Filter(new() { HasText = "(this one)" })).ToHaveCountAsync(1);
        await first.ScreenshotAsync("my-sessions");
        await first.SessionRows.Filter(new() { HasNotText = "(this one)" }).Locator("button.end-session").ClickAsync();
        await Expect(first.Status).ToContainTextAsync("Session ended");
        await Expect(first.SessionRows).ToHaveCountAsync(1);

        var me = await second.Page.EvaluateAsync<int>("async () => (await fetch('auth/me')).status");
        await second.Page.ReloadAsync();

        Assert.Equal(401, me);
        await Expect(second.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        await Expect(first.WhoAmI).ToHaveTextAsync(user);
    }

    [Fact]
    public async Task LogOutEverywhereEndsEveryDevice()
    {
        var user = Users.NewName("carol");
        await using var devices = await TwoDevices.LoggedInAsync(browser, user);
        var (first, second) = (devices.First, devices.Second);

        await first.Page.ClickAsync("#logout-all");
        await Expect(first.Status).ToContainTextAsync("Logged out everywhere");
        await second.Page.ReloadAsync();

        await Expect(first.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        await Expect(second.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
    }
}
