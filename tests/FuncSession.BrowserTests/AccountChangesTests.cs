using FuncSession.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FuncSession.BrowserTests;

/// <summary>Changing the password and deleting the account on the demo page, with a second device of the same user.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountChangesTests(BrowserFixture browser)
{
    private const string NewPassword = "purple elephants dance at noon";

    [Fact]
    public async Task ChangingThePasswordLogsOutTheOtherDeviceAndKeepsThisOne()
    {
        var user = Users.NewName("dana");
        await using var devices = await TwoDevices.LoggedInAsync(browser, user);
        var (first, second) = (devices.First, devices.Second);
        await first.Page.ClickAsync("#refresh");
        await Expect(first.SessionRows).ToHaveCountAsync(2);
        // Headless Chromium says "HeadlessChrome/… Safari/…" on Linux: the Chrome rule, not Safari.
        await Expect(first.SessionRows.First.Locator("td.device")).ToHaveTextAsync("Chrome on Linux");
        await first.ScreenshotAsync("sessions-with-devices");

        await first.Page.FillAsync("#current-password", Users.Password);
        await first.Page.FillAsync("#new-password", NewPassword);
        await first.Page.ClickAsync("#change-password");

        await Expect(first.Status).ToContainTextAsync("Password changed");
        await Expect(first.WhoAmI).ToHaveTextAsync(user);
        await Expect(first.SessionRows).ToHaveCountAsync(1);
        await second.Page.ClickAsync("#refresh");
        await Expect(second.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        await Expect(second.Page.Locator("#sessions")).ToContainTextAsync("Log in to see your sessions.");
        await second.LogInAsync(user, NewPassword);
    }

    [Fact]
    public async Task DeletingTheAccountAsksFirstThenLogsOutEveryDevice()
    {
        var user = Users.NewName("eve");
        await using var devices = await TwoDevices.LoggedInAsync(browser, user);
        var (first, second) = (devices.First, devices.Second);
        await first.Page.FillAsync("#delete-password", Users.Password);

        // Declined: nothing happens.
        first.Page.Dialog += DismissOnce;
        await first.Page.ClickAsync("#delete-account");
        await Expect(first.WhoAmI).ToHaveTextAsync(user);

        first.Page.Dialog += AcceptOnce;
        await first.Page.ClickAsync("#delete-account");

        await Expect(first.Status).ToContainTextAsync("Account deleted");
        await Expect(first.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        await second.Page.ClickAsync("#refresh");
        await Expect(second.WhoAmI).ToHaveTextAsync("nobody (anonymous)");
        Assert.DoesNotContain(await first.Page.Context.CookiesAsync(), c => c.Name == "session");

        static void DismissOnce(object? sender, IDialog dialog)
        {
            ((IPage)sender!).Dialog -= DismissOnce;
            _ = dialog.DismissAsync();
        }

        static void AcceptOnce(object? sender, IDialog dialog)
        {
            ((IPage)sender!).Dialog -= AcceptOnce;
            _ = dialog.AcceptAsync();
        }
    }
}
