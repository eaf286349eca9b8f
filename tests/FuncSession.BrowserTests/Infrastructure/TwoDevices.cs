using Microsoft.Playwright;

namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>
/// One user on two devices: two browser profiles (separate cookie jars) with the demo page open,
/// the user registered on the first and logged in on both.
/// </summary>
public sealed class TwoDevices : IAsyncDisposable
{
    private readonly IBrowserContext _laptop;
    private readonly IBrowserContext _phone;

    private TwoDevices(IBrowserContext laptop, IBrowserContext phone, DemoPage first, DemoPage second)
    {
        _laptop = laptop;
        _phone = phone;
        First = first;
        Second = second;
    }

    public DemoPage First { get; }

    public DemoPage Second { get; }

    public static async Task<TwoDevices> LoggedInAsync(BrowserFixture browser, string user)
    {
        var laptop = await browser.NewDeviceAsync();
        var phone = await browser.NewDeviceAsync();
        var devices = new TwoDevices(
            laptop, phone, new DemoPage(await laptop.NewPageAsync(), browser.DemoUrl), new DemoPage(await phone.NewPageAsync(), browser.DemoUrl));
        await devices.First.OpenAsync();
        await devices.Second.OpenAsync();
        await devices.First.RegisterAsync(user, Users.Password);
        await devices.First.LogInAsync(user, Users.Password);
        await devices.Second.LogInAsync(user, Users.Password);
        return devices;
    }

    public async ValueTask DisposeAsync()
    {
        await _phone.DisposeAsync();
        await _laptop.DisposeAsync();
    }
}
