using System.Globalization;
using System.Text;
using FuncSession.HardeningTests.Infrastructure;

namespace FuncSession.HardeningTests.Http;

/// <summary>
/// Builds requests whose every string field carries code points of every Unicode class (see
/// <see cref="UnicodeRepertoire"/>): the route key, stored values and their names, PATCH bodies,
/// user names, passwords, cookies, bearer tokens, Origin, Sec-Fetch-Site, Content-Type and other
/// headers. Lone surrogates travel as <c>\uD800</c> escapes inside JSON strings, or as raw
/// (invalid) UTF-8 bytes in bodies and, over a raw socket, in headers. Half of the fields are an
/// almost valid value with a few code points sprinkled in, so the request gets past the first
/// check and into the parsing, validation and storage behind it. Seeded: every run sends the same.
/// </summary>
public sealed class UnicodeFuzzCases(int seed, IReadOnlyList<string> validTokens, string host, IReadOnlyList<(string Name, string Password)> users)
{
    /// <summary>The string fields a request can carry; the coverage report counts classes per field.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["route-key", "value", "value-name", "patch-name", "patch-value", "username", "password", "cookie", "bearer", "origin", "sec-fetch-site", "content-type", "other-header"];

    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    private FuzzCase Next()
    {
        var coverage = new List<string>();
        var route = Pick(ApiRoutes.All);
        var method = _random.NextDouble() < 0.95 ? Pick(route.Methods) : Pick(["GET", "POST", "PUT", "PATCH", "DELETE"]);

        var prefix = route.HasParameter ? route.Template[..route.Template.IndexOf('{', StringComparison.Ordinal)] : route.Template;
        var routeKey = route.HasParameter ? Text("route-key", coverage, KeyAlphabet, 1, 40) : null;
        var path = routeKey is null ? route.Template : prefix + PercentEncode(routeKey);

        var headers = new List<(string Name, string Value)>();
        if (Chance(0.5))
        {
            // A genuine token with code points in it, or text that is nothing like one.
            var token = Chance(0.5) ? Sprinkle("cookie", coverage, Pick(validTokens)) : Text("cookie", coverage, KeyAlphabet, 1, 90);
            headers.Add(("Cookie", Chance(0.8) ? "session=" + token : token + "=" + Pick(validTokens)));
        }
        if (Chance(0.3))
        {
            var token = Chance(0.5) ? Sprinkle("bearer", coverage, Pick(validTokens)) : Text("bearer", coverage, KeyAlphabet, 1, 90);
            headers.Add(("Authorization", "Bearer " + token));
        }
        if (Chance(0.4))
        {
            headers.Add(("Origin", Chance(0.5) ? Sprinkle("origin", coverage, $"http://{host}") : "http://" + Text("origin", coverage, "abcdefghijklmnopqrstuvwxyz.", 1, 30)));
        }
        if (Chance(0.3))
        {
            headers.Add(("Sec-Fetch-Site", Sprinkle("sec-fetch-site", coverage, Pick(["cross-site", "same-origin", "same-site", "none"]))));
        }
        if (Chance(0.4))
        {
            var name = Pick(["Accept", "User-Agent", "Accept-Language", "X-Forwarded-For", "X-Forwarded-Host", "If-Match", "Referer", "X-Unicode"]);
            headers.Add((name, Text("other-header", coverage, "abcdefghijklmnopqrstuvwxyz/=;, ", 1, 40)));
        }

        var contentType = Chance(0.35)
            ? Sprinkle("content-type", coverage, Pick(["application/json", "application/json; charset=utf-8", "application/merge-patch+json"]))
            : route.Template == "session" ? "application/merge-patch+json" : "application/json";

        var (body, rawInBody) = Body(route.Template, coverage);
        var kind = "unicode " + (body is null ? "no-body" : rawInBody ? "raw-utf8-body" : "json-body");
        // Headers go over HttpClient as UTF-8 (lone surrogates then become U+FFFD); a share goes
        // over a raw socket instead, so headers also carry the bytes of lone surrogates.
        // Kestrel refuses a path holding NUL (%00) before routing, with a bare 400.
        var routed = route.Methods.Contains(method) && routeKey is not ("" or "." or "..") && !(routeKey?.Contains('\0', StringComparison.Ordinal) ?? false);
        if (Chance(0.15))
        {
            return Raw(kind, method, path, headers, contentType, body, coverage) with { Routed = routed, Target = route.Template };
        }
        return new HttpFuzzCase(kind, method, path, headers, contentType, body)
        {
            Routed = routed,
            Target = route.Template,
            Coverage = coverage,
        };
    }

    private RawFuzzCase Raw(string kind, string method, string path, List<(string Name, string Value)> headers, string contentType, byte[]? body, List<string> coverage)
    {
        var bytes = new List<byte>();
        void Line(string text) => bytes.AddRange(UnicodeRepertoire.LooseUtf8(text + "\r\n"));
        bytes.AddRange(Encoding.ASCII.GetBytes($"{method} /api/{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"));
        foreach (var (name, value) in headers)
        {
            Line($"{name}: {value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)}");
        }
        Line("Content-Type: " + contentType.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Line("Content-Length: " + (body?.Length ?? 0).ToString(CultureInfo.InvariantCulture));
        Line("");
        bytes.AddRange(body ?? []);
        return new RawFuzzCase("raw " + kind, [.. bytes]) { Coverage = coverage, HalfClose = false };
    }

    /// <summary>The body for the route: its own shape with Unicode in every string, and whether it holds raw invalid UTF-8.</summary>
    private (byte[]? Body, bool RawInBody) Body(string template, List<string> coverage)
    {
        if (Chance(0.05))
        {
            return (null, false);
        }
        var raw = Chance(0.1);
        string json;
        switch (template)
        {
            case "session/values/{key}":
                json = _random.Next(3) switch
                {
                    0 => JsonString(Text("value", coverage, "abc ", 0, 30), raw),
                    1 => $"{{{JsonString(Text("value-name", coverage, "abc", 0, 20), raw)}:{JsonString(Text("value", coverage, "abc ", 0, 30), raw)}}}",
                    _ => $"[{JsonString(Text("value", coverage, "abc ", 0, 30), raw)},1,{{\"n\":{JsonString(Text("value", coverage, "abc", 0, 10), raw)}}}]",
                };
                break;
            case "session":
                var name = Chance(0.5) ? Sprinkle("patch-name", coverage, "cart") : Text("patch-name", coverage, KeyAlphabet, 0, 20);
                json = $"{{\"values\":{{{JsonString(name, raw)}:{JsonString(Text("patch-value", coverage, "abc ", 0, 30), raw)}}}"
                    + (Chance(0.3) ? ",\"permanent\":false" : "") + "}";
                break;
            case "auth/register" or "auth/login":
                json = Credentials(template, coverage, raw);
                break;
            default:
                json = JsonString(Text("value", coverage, "abc", 0, 20), raw);
                break;
        }
        return (UnicodeRepertoire.LooseUtf8(json), raw);
    }

    private string Credentials(string template, List<string> coverage, bool raw)
    {
        string username;
        string password;
        if (template == "auth/login" && Chance(0.4))
        {
            // A known user: the password (or the name) decides, after normalization and hashing.
            var (name, known) = Pick(users);
            username = Chance(0.7) ? name : Sprinkle("username", coverage, name);
            password = Chance(0.2) ? known : Sprinkle("password", coverage, known);
        }
        else
        {
            username = Chance(0.6) ? Sprinkle("username", coverage, "fz" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture)) : Text("username", coverage, "abc", 1, 30);
            password = Chance(0.6) ? Sprinkle("password", coverage, "pw-" + _random.Next(100_000_000).ToString(CultureInfo.InvariantCulture)) : Text("password", coverage, "abc ", 1, 40);
        }
        var remember = Chance(0.2) ? ",\"remember\":true" : "";
        return $"{{\"username\":{JsonString(username, raw)},\"password\":{JsonString(password, raw)}{remember}}}";
    }

    /// <summary>Either a few code points sprinkled into <paramref name="valid"/>, or none.</summary>
    private string Sprinkle(string field, List<string> coverage, string valid)
    {
        var text = new StringBuilder(valid);
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var inserted = new StringBuilder();
            var (codePoint, className) = UnicodeRepertoire.Next(_random);
            UnicodeRepertoire.Append(inserted, codePoint);
            coverage.Add(field + ":" + className);
            text.Insert(_random.Next(text.Length + 1), inserted.ToString());
        }
        return text.ToString();
    }

    /// <summary>Text of mostly drawn code points (or a valid-looking base with some in it), <paramref name="min"/> to <paramref name="max"/> of them.</summary>
    private string Text(string field, List<string> coverage, string alphabet, int min, int max)
    {
        var length = _random.Next(min, max + 1);
        var text = new StringBuilder();
        var dense = Chance(0.5);
        for (var i = 0; i < length; i++)
        {
            if (dense || Chance(0.2))
            {
                var (codePoint, className) = UnicodeRepertoire.Next(_random);
                UnicodeRepertoire.Append(text, codePoint);
                coverage.Add(field + ":" + className);
            }
            else
            {
                text.Append(alphabet[_random.Next(alphabet.Length)]);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// A JSON string literal. Lone surrogates become <c>\uD800</c>-style escapes (or stay raw, as
    /// invalid UTF-8, when <paramref name="raw"/>); other code points are escaped now and then.
    /// </summary>
    private string JsonString(string value, bool raw)
    {
        var json = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < 0x20 || (char.IsSurrogate(c) && !pair && !raw) || Chance(0.25))
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                if (pair)
                {
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[++i]:X4}");
                }
            }
            else
            {
                json.Append(c);
                if (pair)
                {
                    json.Append(value[++i]);
                }
            }
        }
        return json.Append('"').ToString();
    }

    /// <summary>Percent-encodes every byte but the unreserved ones, lone surrogates as their (invalid) UTF-8 bytes.</summary>
    private static string PercentEncode(string value)
    {
        var encoded = new StringBuilder();
        foreach (var b in UnicodeRepertoire.LooseUtf8(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }
        return encoded.ToString();
    }

    /// <summary>
    /// A user name that the name rule may well accept: a letter of any class and script (the
    /// supplementary planes included), twice, with a mark or a digit now and then. Registered and
    /// logged in before the run, so the logged-in routes see these names as storage keys.
    /// </summary>
    public static string LetterName(Random random)
    {
        var text = new StringBuilder();
        var letter = UnicodeRepertoire.Next(random, random.Next(5) switch { 0 => "Lu", 1 => "Ll", 2 => "Lt", 3 => "Lm", _ => "Lo" });
        UnicodeRepertoire.Append(text, letter);
        UnicodeRepertoire.Append(text, letter);
        if (random.Next(3) == 0)
        {
            UnicodeRepertoire.Append(text, UnicodeRepertoire.Next(random, random.Next(2) == 0 ? "Mn" : "Mc"));
        }
        text.Append(random.Next(1000).ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
