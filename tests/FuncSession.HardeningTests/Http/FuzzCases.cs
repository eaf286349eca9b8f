using System.Text;
using FuncSession.HardeningTests.Infrastructure;

namespace FuncSession.HardeningTests.Http;

/// <summary>
/// Builds fuzzed requests from a seeded random source, so every run sends the same requests:
/// malformed JSON, deep nesting, huge numbers, invalid UTF-8, wrong methods and content types,
/// long and duplicated headers and cookies, random bytes.
/// </summary>
public sealed class FuzzCases(int seed, IReadOnlyList<string> validTokens, string host)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO"];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1",
        "", "application/jsonx", "*/*", "application/json;;;", "json", null, null,
    ];

    private static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "[", "{\"a\":}", "{\"a\" 1}", "[1,]", "{'a':1}", "NaN", "-Infinity", "01", "1.", ".5", "+1", "tru", "nul",
        "{\"a\":1}/**/", "{\"a\":1}{\"b\":2}", "\"\\uD800\"", "\"\\u12\"", "\"\t\"", "{\"a\":1,\"a\":2}", "\uFEFF{}", "{\"values\":[]}",
        "{\"values\":1}", "{\"values\":null}", "{\"permanent\":\"yes\"}", "{\"permanent\":1}", "{\"values\":{\"bad key\":1}}",
        "{\"values\":{\"\":1}}", "{\"values\":{\"a\":null}}", "{\"username\":1}", "{\"username\":null,\"password\":null}", "[]", "null", "0",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Generate(int httpCount, int rawCount)
    {
        // Interleaved, so a run cut short by its time budget still covers both kinds.
        var raw = 0;
        for (var i = 0; i < httpCount; i++)
        {
            yield return NextHttp();
            if (raw < rawCount && i % Math.Max(1, httpCount / rawCount) == 0)
            {
                raw++;
                yield return NextRaw();
            }
        }
        for (; raw < rawCount; raw++)
        {
            yield return NextRaw();
        }
    }

    private HttpFuzzCase NextHttp()
    {
        var routes = ApiRoutes.All;
        var route = routes[_random.Next(routes.Count)];
        var method = _random.NextDouble() < 0.75 ? route.Methods[_random.Next(route.Methods.Count)] : Pick(Methods);
        var parameter = RouteValue();
        var path = route.Path(parameter);
        var routed = route.Methods.Contains(method) && (!route.HasParameter || parameter is not ("" or "." or ".."));
        if (_random.NextDouble() < 0.03)
        {
            path = Pick(["session/values", "session/values/a/b", "nope", "session/", "auth", "auth/sessions/", "health/x"]);
            routed = false;
        }

        var headers = new List<(string, string)>();
        var headerBytes = 0;
        void Add(string name, string value)
        {
            headers.Add((name, value));
            headerBytes += name.Length + value.Length + 4;
        }

        var kind = new StringBuilder();
        switch (_random.Next(10))
        {
            case 0: Add("Cookie", "session=" + Pick(validTokens)); kind.Append("cookie "); break;
            case 1: Add("Cookie", $"session={Pick(validTokens)}; session={Pick(validTokens)}"); kind.Append("duplicate-cookie "); break;
            case 2: Add("Cookie", "session=" + Pick(validTokens)); Add("Cookie", "session=" + Garbage(90)); kind.Append("two-cookie-headers "); break;
            case 3: Add("Cookie", "session=" + Garbage(_random.Next(0, 16_000))); kind.Append("long-cookie "); break;
            case 4: Add("Cookie", Pick(["session=", "session=\"\"", "session", "=x", ";;;", "session=a=b", "SESSION=" + Pick(validTokens), "session=\"" + Pick(validTokens) + "\""])); kind.Append("odd-cookie "); break;
            case 5: Add("Authorization", "Bearer " + Pick(validTokens)); kind.Append("bearer "); break;
            case 6: Add("Authorization", Pick(["Bearer", "Bearer ", "Bearer " + Garbage(87), "Basic dXNlcjpwYXNz", "bearer " + Pick(validTokens), "Bearer " + Garbage(8000)])); kind.Append("odd-bearer "); break;
            case 7: Add("Authorization", "Bearer " + Pick(validTokens)); Add("Authorization", "Bearer " + Garbage(87)); kind.Append("two-bearers "); break;
            default: break;
        }
        if (_random.NextDouble() < 0.3)
        {
            Add("Origin", Pick(["null", "http://evil.example", $"http://{host}", "http://127.0.0.1:1", Garbage(200), "http://" + new string('a', 2000) + ".example"]));
            kind.Append("origin ");
        }
        if (_random.NextDouble() < 0.2)
        {
            Add("Sec-Fetch-Site", Pick(["cross-site", "same-origin", "same-site", "none", "CROSS-SITE", Garbage(20)]));
        }
        if (_random.NextDouble() < 0.05)
        {
            Add("X-Filler", Garbage(_random.Next(1_000, 20_000)));
            kind.Append("long-header ");
        }
        if (_random.NextDouble() < 0.02)
        {
            for (var i = 0; i < 80; i++)
            {
                Add($"X-Many-{i}", Garbage(20));
            }
            kind.Append("many-headers ");
        }
        if (_random.NextDouble() < 0.01)
        {
            Add("X-Too-Much", Garbage(40_000));
            routed = false;
            kind.Append("over-limit-header ");
        }
        if (headerBytes > 30_000)
        {
            routed = false;
        }

        var contentType = Pick(ContentTypes);
        var (bodyKind, body) = Body(route.Template);
        kind.Append(bodyKind);
        return new HttpFuzzCase(kind.ToString(), method, path, headers, contentType, body)
        {
            Routed = routed,
            Target = route.Template,
        };
    }

    private (string Kind, byte[]? Body) Body(string template)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 8 => ("no-body", null),
            < 20 => ("json", Encoding.UTF8.GetBytes(Pick(["1", "\"text\"", "true", "null", "{\"a\":[1,2,{\"b\":null}]}", "\"ünïcødé 🍪\"", "[]", "{}"]))),
            < 35 => ("malformed", Encoding.UTF8.GetBytes(Pick(MalformedJson))),
            < 45 => ("patch-shape", Encoding.UTF8.GetBytes(PatchShape())),
            < 55 => ("credentials-shape", Encoding.UTF8.GetBytes(CredentialShape(template))),
            < 62 => ("deep", Encoding.UTF8.GetBytes(Deep(Pick([10, 63, 64, 65, 200, 1_000, 100_000])))),
            < 70 => ("huge-number", Encoding.UTF8.GetBytes(Pick(["1e999999", "-1e-999999", new string('9', _random.Next(100, 20_000)), "{\"n\":" + new string('7', 5000) + "}", "1" + new string('0', 400) + ".5"]))),
            < 80 => ("invalid-utf8", InvalidUtf8()),
            < 92 => ("random-bytes", Bytes(_random.Next(0, 2000))),
            < 97 => ("long-string", Encoding.UTF8.GetBytes("\"" + new string('x', _random.Next(1_000, 100_000)) + "\"")),
            _ => ("oversized", Encoding.UTF8.GetBytes("\"" + new string('x', 600 * 1024) + "\"")),
        };
    }

    private string PatchShape()
    {
        var values = _random.Next(4) switch
        {
            0 => "{\"a\":1,\"b\":null,\"c\":{\"d\":[1,2]}}",
            1 => "{\"" + Pick(["a b", "", "ä", new string('k', 129), "x/y", "%00"]) + "\":1}",
            2 => Pick(["[]", "1", "\"s\"", "true", "null"]),
            _ => "{\"n\":{\"m\":{\"o\":null}}}",
        };
        var permanent = Pick(["true", "false", "\"true\"", "1", "null", "{}"]);
        return _random.Next(3) switch
        {
            0 => $"{{\"values\":{values}}}",
            1 => $"{{\"permanent\":{permanent}}}",
            _ => $"{{\"values\":{values},\"permanent\":{permanent},\"extra\":1}}",
        };
    }

    private string CredentialShape(string template)
    {
        // Well-formed credentials cost a password hash: keep them rare, the point here is malformed input.
        var wellFormed = _random.NextDouble() < 0.05;
        var user = wellFormed ? "fuzz" + _random.Next(1000) : Pick(["", "a b", new string('u', 65), "ü", "\u212A", "null", Garbage(10), "x@y.z", "\u0000"]);
        var password = wellFormed ? "correct horse battery" : Pick(["", "short", new string('p', 129), new string('p', 8), "🍪🍪🍪🍪", Garbage(300)]);
        string JsonString(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        return _random.Next(5) switch
        {
            0 => $"{{\"username\":{JsonString(user)}}}",
            1 => $"{{\"username\":{JsonString(user)},\"password\":{Pick(["1", "null", "[]", "{}", "true"])}}}",
            2 => $"{{\"username\":{Pick(["1", "null", "[]", "{}"])},\"password\":{JsonString(password)}}}",
            3 => $"{{\"username\":{JsonString(user)},\"password\":{JsonString(password)},\"remember\":{Pick(["true", "\"yes\"", "1", "null"])},\"returnToken\":{Pick(["true", "false", "0"])}}}",
            _ => $"{{\"username\":{JsonString(user)},\"password\":{JsonString(password)}}}",
        };
    }

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private byte[] InvalidUtf8()
    {
        byte[][] broken = [[0x80], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF, 0xFE], [0xE2, 0x82]];
        var text = Encoding.UTF8.GetBytes(Pick(["{\"s\":\"", "\"", "{\"values\":{\"a\":\"", "{\"username\":\""]));
        return [.. text, .. Pick(broken), .. "\"}"u8];
    }

    private string RouteValue() => _random.Next(12) switch
    {
        < 4 => Pick(["cart", "a", "user.name", "x:y", "A-b_c", new string('k', 128)]),
        4 => new string('k', _random.Next(129, 3000)),
        5 => Pick(["a b", "ä", "🍪", "a/b", "a%2Fb", "%00", "..", ".", "", "a?b", "a#b", "a\\b"]),
        6 => Garbage(_random.Next(1, 60)),
        7 => Pick(validTokens),
        _ => Pick(["k1", "k2", "k3"]),
    };

    private RawFuzzCase NextRaw()
    {
        var path = "/api/" + ApiRoutes.All[_random.Next(ApiRoutes.All.Count)].Path("k");
        string Head(string method, string extra) =>
            $"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}";
        var (kind, bytes) = _random.Next(12) switch
        {
            0 => ("random-bytes", (byte[])[.. Bytes(_random.Next(1, 2000)), .. "\r\n\r\n"u8]),
            1 => ("random-request-line", Encoding.Latin1.GetBytes($"{Garbage(_random.Next(1, 100))} {path} HTTP/1.1\r\nHost: {host}\r\n\r\n")),
            2 => ("non-ascii-header", (byte[])[.. Encoding.ASCII.GetBytes(Head("GET", "Cookie: session=")), .. Bytes(40).Select(b => (byte)(b | 0x80)), .. "\r\n\r\n"u8]),
            3 => ("control-char-header", Encoding.Latin1.GetBytes(Head("GET", "X-Bad: a\u0000b\u0001c\r\n\r\n"))),
            4 => ("long-request-line", Encoding.ASCII.GetBytes($"GET /api/session/values/{new string('k', 10_000)} HTTP/1.1\r\nHost: {host}\r\n\r\n")),
            5 => ("headers-over-limit", Encoding.ASCII.GetBytes(Head("GET", $"Cookie: session={new string('c', 40_000)}\r\n\r\n"))),
            6 => ("short-body", Encoding.ASCII.GetBytes(Head("PUT", "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":"))),
            7 => ("bad-chunk", Encoding.ASCII.GetBytes(Head("PATCH", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"))),
            8 => ("length-and-chunked", Encoding.ASCII.GetBytes(Head("PUT", "Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"))),
            9 => ("two-lengths", Encoding.ASCII.GetBytes(Head("PUT", "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"))),
            10 => ("no-host", Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\n\r\n")),
            _ => ("folded-header", Encoding.ASCII.GetBytes(Head("GET", "Cookie: session=a\r\n b\r\n\r\n"))),
        };
        return new RawFuzzCase("raw " + kind, bytes) { Target = path };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Printable ASCII that a header may carry: what a client library lets through.</summary>
    private string Garbage(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!$&'()*+,;=:@%/?";
        return string.Create(length, _random, static (chars, random) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }
        });
    }
}
