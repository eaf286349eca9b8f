using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FuncSession.HardeningTests.Infrastructure;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.HardeningTests.Http;

/// <summary>
/// A fuzz pass over every HTTP endpoint the Function App declares: a few thousand hostile requests
/// from a fixed seed. Nothing answers 5xx; what reaches our code answers a problem or a success;
/// the server is still healthy at the end.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20_260_707;
    private const int HttpCount = 3_000;
    private const int RawCount = 400;
    private const int Parallelism = 4;
    private const int UnicodeDefaultCount = 3_000;
    private const int UnicodeUsers = 40;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(180);

    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(services: Quiet.AzureCore);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task EveryEndpointAnswersFuzzedRequestsWithAProblemOrASuccessAndNever5xx()
    {
        using var http = Client();
        var tokens = await TokensAsync(http);
        var cases = new FuzzCases(Seed, tokens, _api.BaseAddress.Authority).Generate(HttpCount, RawCount).ToList();

        var run = await RunAsync(http, cases, Budget);

        Assert.Empty(run.Failures);
        Assert.Equal(HttpStatusCode.OK, run.Health);
        Assert.True(run.Tried >= 2_000, $"Only {run.Tried} requests fitted in the time budget.");
    }

    /// <summary>
    /// Every string field of every route gets code points of every general category, noncharacters,
    /// private use, unassigned code points and lone surrogates (escaped in JSON, raw in bodies and
    /// headers). <c>FUNCSESSION_FUZZ_COUNT</c> sets the number of requests (default 3,000).
    /// </summary>
    [Fact]
    public async Task EveryStringFieldTakesCodePointsOfEveryUnicodeCategoryWithoutA5xx()
    {
        var count = UnicodeCount();
        // About 30 ms a request on a busy 2-core machine; three times that is the bound.
        var budget = TimeSpan.FromMilliseconds(Math.Max(180_000, count * 90));
        using var http = Client();
        var tokens = await TokensAsync(http);
        var users = new List<(string, string)>();
        var setupFailures = new List<string>();
        var names = new Random(Seed);
        for (var i = 0; i < UnicodeUsers; i++)
        {
            var user = (i < 4 ? $"fuzzer{i}" : UnicodeFuzzCases.LetterName(names), $"fuzz password {i} ½ ﬁ");
            var credentials = JsonSerializer.Serialize(new { username = user.Item1, password = user.Item2, returnToken = true });
            using var registered = await http.PostAsync("auth/register", HttpAssertions.Json(credentials));
            if (registered.StatusCode != HttpStatusCode.Created)
            {
                // Names the rule refuses must be refused with a problem, never a 5xx.
                var problem = await registered.Content.ReadAsStringAsync();
                if ((int)registered.StatusCode >= 500 || !problem.Contains("urn:funcsession:problem:", StringComparison.Ordinal))
                {
                    setupFailures.Add($"register {Escaped(user.Item1)} answered {(int)registered.StatusCode}: {problem}");
                }
                continue;
            }
            using var login = await http.PostAsync("auth/login", HttpAssertions.Json(credentials));
            if (login.StatusCode != HttpStatusCode.OK)
            {
                setupFailures.Add($"login {Escaped(user.Item1)} answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
                continue;
            }
            using var answer = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            tokens.Add(answer.RootElement.GetProperty("token").GetString()!);
            users.Add(user);
        }
        output.WriteLine($"unicode: {users.Count} of {UnicodeUsers} users registered and logged in; setup failures {setupFailures.Count}");
        Assert.Empty(setupFailures);
        var cases = new UnicodeFuzzCases(Seed, tokens, _api.BaseAddress.Authority, users).Generate(count).ToList();

        var run = await RunAsync(http, cases, budget);

        var sent = cases.SelectMany(c => c.Coverage).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = (from field in UnicodeFuzzCases.Fields
                       from className in UnicodeRepertoire.Classes
                       where !sent.ContainsKey(field + ":" + className)
                       select field + ":" + className).ToList();
        output.WriteLine($"unicode: {UnicodeRepertoire.Classes.Count} classes ({string.Join(" ", UnicodeRepertoire.Classes)}) x {UnicodeFuzzCases.Fields.Count} fields; "
            + $"{sent.Values.Sum()} code points sent; least sent pair {sent.Values.DefaultIfEmpty().Min()} times; pairs never sent: {missing.Count}");
        Assert.Empty(run.Failures);
        Assert.Equal(HttpStatusCode.OK, run.Health);
        Assert.Equal(cases.Count, run.Tried);
        Assert.True(missing.Count == 0 || count < 1_000, $"Never sent: {string.Join(", ", missing.Take(20))}");
    }

    private static string Escaped(string text) => string.Concat(text.EnumerateRunes().Select(r => r.Value < 0x80 ? r.ToString() : $"U+{r.Value:X4} "));

    private static int UnicodeCount() =>
        int.TryParse(Environment.GetEnvironmentVariable("FUNCSESSION_FUZZ_COUNT"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? Math.Min(n, 200_000)
            : UnicodeDefaultCount;

    // Every answer to a fuzzed request must also match the OpenAPI description.
    private static HttpClient Client(Uri baseAddress) => new(new ContractCheckingHandler(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        // Header values go out as UTF-8, so every code point reaches the server (HttpClient refuses non-ASCII otherwise).
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    }, baseAddress))
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private HttpClient Client() => Client(_api.BaseAddress);

    private static async Task<List<string>> TokensAsync(HttpClient http)
    {
        var tokens = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var created = await http.PutAsync("session/values/seed", HttpAssertions.Json("1"));
            tokens.Add(created.SessionCookie()!);
        }
        return tokens;
    }

    private sealed record Run(int Tried, IReadOnlyCollection<string> Failures, HttpStatusCode Health);

    /// <summary>Sends the cases, a few at a time, until done or out of time, and reports what came back.</summary>
    private async Task<Run> RunAsync(HttpClient http, List<FuzzCase> cases, TimeSpan budget)
    {
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<string, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        var tried = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (fuzz, _) =>
        {
            if (clock.Elapsed > budget)
            {
                return;
            }
            Interlocked.Increment(ref tried);
            kinds.AddOrUpdate(fuzz.Kind.Split(' ')[0] == "raw" ? fuzz.Kind : "http", 1, (_, n) => n + 1);
            var verdict = fuzz switch
            {
                HttpFuzzCase h => await SendAsync(http, h),
                RawFuzzCase r => await SendRawAsync(r),
                _ => throw new InvalidOperationException(),
            };
            statuses.AddOrUpdate(verdict.Status, 1, (_, n) => n + 1);
            if (verdict.Failure is { } failure)
            {
                failures.Enqueue($"{fuzz.Kind.Trim()} -> {fuzz.Target}: {failure}");
            }
        });
        var elapsed = clock.Elapsed;
        using var health = await http.GetAsync("health");

        output.WriteLine($"fuzz: seed {Seed}; {tried} of {cases.Count} requests tried in {elapsed.TotalSeconds:F1} s over {ApiRoutes.All.Count} routes: {string.Join("; ", ApiRoutes.All)}");
        output.WriteLine($"fuzz: by kind {string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"))}");
        output.WriteLine($"fuzz: answers {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}");
        output.WriteLine($"fuzz: failures {failures.Count}; health afterwards {(int)health.StatusCode}");
        foreach (var failure in failures.Take(30))
        {
            output.WriteLine("failure: " + failure);
        }
        return new Run(tried, failures, health.StatusCode);
    }

    private readonly record struct Verdict(string Status, string? Failure);

    private static async Task<Verdict> SendAsync(HttpClient http, HttpFuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        if (fuzz.Body is not null || fuzz.ContentType is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body ?? []);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal));
            }
        }
        foreach (var (name, value) in fuzz.Headers)
        {
            // HttpClient refuses line breaks and NUL in a header; the raw cases send those.
            request.Headers.TryAddWithoutValidation(name, value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (ContractViolationException ex)
        {
            return new Verdict("off-description", $"{fuzz.Method} {fuzz.Path}: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The server may close the connection on a request it refuses before reading its body.
            return fuzz.Routed ? new Verdict("no answer", $"{fuzz.Method} {fuzz.Path}: no answer ({ex.Message})") : new Verdict("no answer", null);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            string? failure = null;
            if (status >= 500)
            {
                failure = $"{fuzz.Method} {fuzz.Path} answered {status}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))} "
                    + $"to the body {Escape(fuzz.Body)}";
            }
            else if (fuzz.Routed && status >= 400 && !IsProblem(mediaType, body, status))
            {
                failure = $"{fuzz.Method} {fuzz.Path} answered {status} without a problem body ({mediaType}).";
            }
            else if (fuzz.Routed && status is >= 200 and < 300 && status != 204 && mediaType is not ("application/json" or "text/html"))
            {
                failure = $"{fuzz.Method} {fuzz.Path} answered {status} with {mediaType}.";
            }
            else if (fuzz.Routed && (fuzz.Target.StartsWith("session", StringComparison.Ordinal) || fuzz.Target.StartsWith("auth", StringComparison.Ordinal))
                && !(response.Headers.CacheControl?.NoStore ?? false))
            {
                failure = $"{fuzz.Method} {fuzz.Path} answered {status} without Cache-Control: no-store.";
            }
            return new Verdict(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure);
        }
    }

    /// <summary>The start of a request body with everything outside printable ASCII as \\xNN, so a failure can be replayed.</summary>
    private static string Escape(byte[]? body) => body is null
        ? "(none)"
        : string.Concat(body.Take(200).Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));

    private static bool IsProblem(string? mediaType, byte[] body, int status)
    {
        if (mediaType != "application/problem+json")
        {
            return false;
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            return root.GetProperty("type").GetString()!.StartsWith("urn:funcsession:problem:", StringComparison.Ordinal)
                && root.GetProperty("status").GetInt32() == status
                && root.TryGetProperty("title", out _)
                && root.TryGetProperty("detail", out _);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<Verdict> SendRawAsync(RawFuzzCase fuzz)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(IPAddress.Loopback, _api.BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(fuzz.Bytes, timeout.Token);
            if (fuzz.HalfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may refuse and close before reading everything.
        }

        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (received.Length < 64 * 1024)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                received.Write(buffer, 0, read);
                if (received.Length >= 12 && Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
            return new Verdict("raw timeout", $"no answer and no close within 15 s");
        }

        var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
        if (text.Length == 0)
        {
            // A complete request reaches the API, which must answer it.
            return new Verdict("raw closed", fuzz.HalfClose || !fuzz.Routed ? null : "closed without an answer");
        }
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || text.Length < 12 || !int.TryParse(text.AsSpan(9, 3), out var status))
        {
            return new Verdict("raw unparsable", $"answer is not HTTP: {text[..Math.Min(text.Length, 80)]}");
        }
        var verdict = "raw " + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return status >= 500 ? new Verdict(verdict, $"answered {status}: {text[..Math.Min(text.Length, 200)]}") : new Verdict(verdict, null);
    }
}
