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

/// <summary>What became of a run's writes, read back afterwards: the four outcomes a write can have.</summary>
/// <param name="AcknowledgedPresent">Answered 204 and there afterwards.</param>
/// <param name="AcknowledgedMissing">Answered 204 and missing afterwards: a lost write, which must never happen.</param>
/// <param name="UnavailableApplied">Answered 503 and there afterwards: applied although the answer said it may have been.</param>
/// <param name="UnavailableNotApplied">Answered 503 and not there.</param>
public readonly record struct WriteTally(int AcknowledgedPresent, int AcknowledgedMissing, int UnavailableApplied, int UnavailableNotApplied)
{
    public int Acknowledged => AcknowledgedPresent + AcknowledgedMissing;

    public static WriteTally operator +(WriteTally a, WriteTally b) => new(
        a.AcknowledgedPresent + b.AcknowledgedPresent,
        a.AcknowledgedMissing + b.AcknowledgedMissing,
        a.UnavailableApplied + b.UnavailableApplied,
        a.UnavailableNotApplied + b.UnavailableNotApplied);

    public override string ToString() =>
        $"acknowledged and present={AcknowledgedPresent}, acknowledged and missing={AcknowledgedMissing}, "
        + $"503 and applied={UnavailableApplied}, 503 and not applied={UnavailableNotApplied}";
}

/// <summary>
/// A client that keeps writing to one session (its own, or one it shares with other writers), each
/// write to a key of its own that is never written again, and reads the session back now and then.
/// It remembers the answer to every write, so a test can tell afterwards, write by write, whether an
/// acknowledged write was lost and whether a write answered 503 was applied anyway, and check that
/// the session never showed values that are not its own.
/// </summary>
/// <remarks>The writer stops writing after <see cref="MaxWrites"/> writes, which bounds the session's size.</remarks>
public sealed class SessionWriter(HttpClient http, string name, string? token, Func<string, bool> belongs)
{
    /// <summary>The most writes one writer makes; after it, it only reads.</summary>
    public const int MaxWrites = 3_000;

    private readonly List<long> _acknowledged = [];
    private readonly List<long> _unavailable = [];
    private long _attempted = -1;
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

    public int Acknowledged => _acknowledged.Count;

    public int TransportErrors { get; private set; }

    /// <summary>How many 503 problems of each type this writer got (<c>session-busy</c>, <c>storage-unavailable</c>).</summary>
    public Dictionary<string, int> Unavailable { get; } = [];

    /// <summary>Writes (and every fifth time reads) until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        for (long counter = 0; !stop.IsCancellationRequested; counter++)
        {
            if (counter < MaxWrites)
            {
                _attempted = counter;
                await SendAsync(clock, HttpMethod.Put, ApiPaths.Value(Key(counter)), "1", async response =>
                {
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        _unavailable.Add(counter);
                    }
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        _acknowledged.Add(counter);
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
            }

            if ((counter % 5 == 4 || counter >= MaxWrites) && Token is not null)
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

    /// <summary>Reads the session once more and sorts every write by its answer and by whether it is there.</summary>
    public async Task<WriteTally> VerifyAsync()
    {
        if (Token is null)
        {
            return new WriteTally(0, 0, 0, _unavailable.Count);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(Token);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            _violations.Add($"{Name}: reading the session afterwards answered {(int)response.StatusCode}.");
            return new WriteTally(0, _acknowledged.Count, 0, 0);
        }
        var session = await response.ReadJsonAsync();
        CheckOwnership(session, "afterwards");
        var values = session.GetProperty("values");
        var present = new HashSet<long>();
        foreach (var property in values.EnumerateObject())
        {
            if (property.Name.StartsWith(Name + "-", StringComparison.Ordinal)
                && long.TryParse(property.Name.AsSpan(Name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var written))
            {
                if (written > _attempted)
                {
                    _violations.Add($"{Name}: key {property.Name} is there, but was never written.");
                }
                present.Add(written);
            }
        }

        var missing = _acknowledged.Where(c => !present.Contains(c)).ToList();
        foreach (var lost in missing.Take(5))
        {
            _violations.Add($"{Name}: key {Key(lost)} is missing though its write was acknowledged.");
        }
        var applied = _unavailable.Count(present.Contains);
        return new WriteTally(_acknowledged.Count - missing.Count, missing.Count, applied, _unavailable.Count - applied);
    }

    private void Record(Sample sample)
    {
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }

    private string Key(long counter) => $"{Name}-{counter}";

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
