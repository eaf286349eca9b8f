using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FuncSession.Testing;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>One request a <see cref="SessionWriter"/> made: when it started, how long it took, what came back.</summary>
public readonly record struct Sample(TimeSpan Start, TimeSpan Duration, int Status, bool IsProblem, bool IsWrite)
{
    public TimeSpan End => Start + Duration;
}

/// <summary>
/// A client that keeps writing increasing counters to a few keys of its own in one session (its
/// own, or one it shares with other writers) and reads the session back now and then. It remembers
/// every write the API acknowledged, so a test can check afterwards that none was lost and that
/// the session never showed values that are not its own.
/// </summary>
public sealed class SessionWriter(HttpClient http, string name, int keys, string? token, Func<string, bool> belongs)
{
    private readonly List<long>[] _acknowledged = [.. Enumerable.Range(0, keys).Select(_ => new List<long>())];
    private readonly long[] _attempted = Enumerable.Repeat(-1L, keys).ToArray();
    private readonly List<Sample> _samples = [];
    private readonly List<string> _violations = [];

    public string Name { get; } = name;

    public string? Token { get; private set; } = token;

    /// <summary>A snapshot of the requests so far (safe to take while the writer runs).</summary>
    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Anything the contract forbids that this writer saw: a 5xx other than a 503 problem, foreign values, a changed session.</summary>
    public IReadOnlyList<string> Violations => _violations;

    public int Acknowledged => _acknowledged.Sum(a => a.Count);

    public int TransportErrors { get; private set; }

    /// <summary>How many 503 problems of each type this writer got (<c>session-busy</c>, <c>storage-unavailable</c>).</summary>
    public Dictionary<string, int> Unavailable { get; } = [];

    /// <summary>Writes (and every fifth time reads) until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        for (long counter = 0; !stop.IsCancellationRequested; counter++)
        {
            var slot = (int)(counter % keys);
            _attempted[slot] = counter;
            await SendAsync(clock, HttpMethod.Put, ApiPaths.Value(Key(slot)), counter.ToString(CultureInfo.InvariantCulture), async response =>
            {
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    _acknowledged[slot].Add(counter);
                    if (response.SessionCookie() is { Length: > 0 } issued)
                    {
                        if (Token is not null && issued != Token)
                        {
                            _violations.Add($"{Name}: the API moved an existing session to a new id after write {counter}.");
                        }
                        Token = issued;
                    }
                }
                await Task.CompletedTask;
            });

            if (counter % 5 == 4 && Token is not null)
            {
                await SendAsync(clock, HttpMethod.Get, ApiPaths.Session, null, async response =>
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        CheckOwnership(await response.ReadJsonAsync(), "during the run");
                    }
                });
            }
        }
    }

    /// <summary>Reads the session once more and counts the acknowledged writes that are still there (or superseded by this writer's later ones).</summary>
    public async Task<(int Acknowledged, int Found)> VerifyAsync()
    {
        if (Token is null)
        {
            return (0, 0);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(Token);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            _violations.Add($"{Name}: reading the session afterwards answered {(int)response.StatusCode}.");
            return (Acknowledged, 0);
        }
        var session = await response.ReadJsonAsync();
        CheckOwnership(session, "afterwards");
        var values = session.GetProperty("values");

        var found = 0;
        for (var slot = 0; slot < keys; slot++)
        {
            if (!values.TryGetProperty(Key(slot), out var stored))
            {
                if (_acknowledged[slot].Count > 0)
                {
                    _violations.Add($"{Name}: key {Key(slot)} is missing though write {_acknowledged[slot][^1]} was acknowledged.");
                }
                continue;
            }
            var value = stored.GetInt64();
            if (value > _attempted[slot])
            {
                _violations.Add($"{Name}: key {Key(slot)} holds {value}, which was never written.");
            }
            found += _acknowledged[slot].Count(acknowledged => acknowledged <= value);
        }
        return (Acknowledged, found);
    }

    private void Record(Sample sample)
    {
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }

    private string Key(int slot) => $"{Name}-{slot}";

    private void CheckOwnership(JsonElement session, string when)
    {
        foreach (var property in session.GetProperty("values").EnumerateObject())
        {
            if (!belongs(property.Name))
            {
                _violations.Add($"{Name}: its session showed the foreign value '{property.Name}' {when}.");
            }
        }
    }

    private async Task SendAsync(Stopwatch clock, HttpMethod method, string path, string? json, Func<HttpResponseMessage, Task> handle)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = HttpAssertions.Json(json);
        }
        if (Token is not null)
        {
            request.WithCookie(Token);
        }
        var start = clock.Elapsed;
        try
        {
            using var response = await http.SendAsync(request);
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            Record(new Sample(start, clock.Elapsed - start, (int)response.StatusCode, isProblem, method != HttpMethod.Get));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && isProblem)
            {
                var type = (await response.ReadJsonAsync()).GetProperty("type").GetString() ?? "";
                type = type[(type.LastIndexOf(':') + 1)..];
                Unavailable[type] = Unavailable.GetValueOrDefault(type) + 1;
            }
            if ((int)response.StatusCode >= 500 && !(response.StatusCode == HttpStatusCode.ServiceUnavailable && isProblem))
            {
                _violations.Add($"{Name}: {method} {path} answered {(int)response.StatusCode} without a problem.");
            }
            else if ((int)response.StatusCode is >= 400 and < 500)
            {
                _violations.Add($"{Name}: {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            await handle(response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            TransportErrors++;
            Record(new Sample(start, clock.Elapsed - start, 0, false, method != HttpMethod.Get));
            _violations.Add($"{Name}: {method} {path} got no answer: {ex.Message}");
        }
    }
}
