using FuncSession.Testing;
using Microsoft.Playwright;

namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (nothing is downloaded), the API on LocalHost at
/// 127.0.0.1, and a second origin on another port that plays a different site.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where the browser lives; CHROMIUM_PATH overrides it.</summary>
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public TestApi Api { get; private set; } = null!;

    public OtherOrigin Other { get; private set; } = null!;

    /// <summary>The demo page's address.</summary>
    public string DemoUrl => new Uri(Api.BaseAddress, "demo").ToString();

    /// <summary>The permanent lifetime the API is configured with.</summary>
    public static readonly TimeSpan PermanentLifetime = TimeSpan.FromDays(31);

    public async Task InitializeAsync()
    {
        Api = await TestApi.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FuncSession:CookieSameSite"] = "Lax",
            ["FuncSession:PermanentLifetime"] = "31.00:00:00",
        });
        Other = await OtherOrigin.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                // No DNS look-ups of Chromium's own; the EXCLUDEs keep the loopback addresses working.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
            ],
        });
    }

    /// <summary>A fresh browser profile: another device, as far as the API can tell.</summary>
    public Task<IBrowserContext> NewDeviceAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Other.DisposeAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
