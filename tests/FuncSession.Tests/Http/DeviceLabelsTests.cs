using FuncSession.Http;

namespace FuncSession.Tests.Http;

/// <summary>The device labels of "my sessions", from real User-Agent strings, and how any label is kept plain and short.</summary>
public sealed class DeviceLabelsTests
{
    public static TheoryData<string, string> RealUserAgents() => new()
    {
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows" },
        { "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", "Firefox on Linux" },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on macOS" },
        { "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", "Firefox on Android" },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", "Firefox on iPhone" },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone" },
        { "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", "Safari on iPad" },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows" },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android" },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome on iPhone" },
        { "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS" },
        { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36", "Chrome on Linux" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows" },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0", "Edge on Android" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045", "Edge on Windows" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera on Windows" },
        { "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android" },
        { "curl/8.11.0", "curl" },
        { "Wget/1.21.4", "Wget" },
        { "python-requests/2.32.3", "Python requests" },
        { "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.6", "PowerShell" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Trident/7.0; rv:11.0", "Browser on Windows" },
        { "Googlebot/2.1 (+http://www.google.com/bot.html)", "Unknown device" },
        { "Version/1.0 NotABrowser", "Unknown device" },
        { "", "Unknown device" },
        { "   ", "Unknown device" },
    };

    [Theory]
    [MemberData(nameof(RealUserAgents))]
    public void ARealUserAgentGetsTheLabelOfItsBrowserAndPlatform(string userAgent, string label) =>
        Assert.Equal(label, DeviceLabels.For(userAgent));

    [Fact]
    public void NoUserAgentAtAllIsAnUnknownDevice() => Assert.Equal(DeviceLabels.Unknown, DeviceLabels.For(null));

    [Fact]
    public void ALongLabelIsCutToSixtyFourCharactersWithoutSplittingASurrogatePair()
    {
        var text = new string('a', 63) + "😀" + "tail";

        var cleaned = DeviceLabels.Clean(text);

        Assert.Equal(new string('a', 63), cleaned);
        Assert.True(DeviceLabels.Clean(new string('b', 200)).Length == DeviceLabels.MaxLength);
    }

    [Theory]
    [InlineData("Fire\u0000fox\u0007 on\tWindows", "Firefox onWindows")]
    [InlineData("\u202EswodniW no xoferiF", "swodniW no xoferiF")]
    [InlineData("Safari\u200B on\u2028 iPhone\r\n", "Safari on iPhone")]
    [InlineData("\u200B\u200D\u0000", DeviceLabels.Unknown)]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    public void ControlAndFormatCharactersAreRemovedAndTheRestStaysPlainText(string label, string expected) =>
        // Markup stays text: the page inserts the label with textContent, so it is never parsed.
        Assert.Equal(expected, DeviceLabels.Clean(label));
}
