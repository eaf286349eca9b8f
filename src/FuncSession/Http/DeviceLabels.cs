using System.Globalization;
using System.Text;

namespace FuncSession.Http;

/// <summary>
/// Names the device of a login from its User-Agent for "my sessions": "Firefox on Windows", "Safari
/// on iPhone", "curl". A short ordered rule table, not a full parser: the first browser rule and the
/// first platform rule that match win, so the order carries the knowledge (Edge and Opera say
/// "Chrome" and "Safari" too, Chrome says "Safari", every iPhone browser says "Safari"). The label is
/// a hint for the user, never a security decision: a client can send any User-Agent.
/// </summary>
internal static class DeviceLabels
{
    public const int MaxLength = 64;

    public const string Unknown = "Unknown device";

    /// <summary>Clients that are not browsers, found anywhere in the string (PowerShell starts with "Mozilla/5.0"): the whole label.</summary>
    private static readonly (string Token, string Label)[] Tools =
    [
        ("curl/", "curl"),
        ("Wget/", "Wget"),
        ("PowerShell/", "PowerShell"),
        ("python-requests/", "Python requests"),
        ("okhttp/", "OkHttp"),
    ];

    /// <summary>Browsers, most specific first: a later token is also sent by the browsers above it.</summary>
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("Edge/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("FxiOS/", "Firefox"),
        ("Firefox/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
    ];

    /// <summary>Platforms, most specific first: Android says "Linux", iPhones say "like Mac OS X".</summary>
    private static readonly (string Token, string Name)[] Platforms =
    [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Macintosh", "macOS"),
        ("Linux", "Linux"),
    ];

    /// <summary>The label for <paramref name="userAgent"/>; <see cref="Unknown"/> when no rule matches.</summary>
    public static string For(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }
        foreach (var (token, tool) in Tools)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return tool;
            }
        }
        var browser = First(Browsers, userAgent);
        // "Version/" alone is Safari only with the Safari token: other clients use "Version/" too.
        if (browser == "Safari" && !userAgent.Contains("Safari/", StringComparison.Ordinal))
        {
            browser = null;
        }
        var platform = First(Platforms, userAgent);
        var label = (browser, platform) switch
        {
            ({ } b, { } p) => $"{b} on {p}",
            ({ } b, null) => b,
            (null, { } p) => $"Browser on {p}",
            _ => Unknown,
        };
        return Clean(label);
    }

    /// <summary>
    /// Plain text of at most <see cref="MaxLength"/> characters: control and format characters
    /// (which could reorder or hide text on screen) removed, never a surrogate pair cut in half.
    /// </summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }
            if (builder.Length + rune.Utf16SequenceLength > MaxLength)
            {
                break;
            }
            builder.Append(rune.ToString());
        }
        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? Unknown : cleaned;
    }

    private static string? First((string Token, string Name)[] rules, string userAgent)
    {
        foreach (var (token, name) in rules)
        {
            if (userAgent.Contains(token, StringComparison.Ordinal))
            {
                return name;
            }
        }
        return null;
    }
}
