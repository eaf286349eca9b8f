using System.Net;
using FuncSession.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Failed logins lock a name, known or not, with counters that parallel guesses cannot outrun.</summary>
public sealed class ThrottleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), time: _time);
        _client = _api.CreateRawClient();
        await _client.RegisteredAsync("alice");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task FiveFailuresLockTheNameForThirtySecondsEvenForTheRightPassword()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _client.LoginAsync("alice", "wrong password");
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        using var locked = await _client.LoginAsync("alice");

        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.Equal(TimeSpan.FromSeconds(30), locked.Headers.RetryAfter?.Delta);
        locked.AssertNoStore();
        Assert.Null(locked.SessionCookie());

        _time.Advance(TimeSpan.FromSeconds(29));
        using var stillLocked = await _client.LoginAsync("alice");
        Assert.Equal(TimeSpan.FromSeconds(1), stillLocked.Headers.RetryAfter?.Delta);

        _time.Advance(TimeSpan.FromSeconds(1));
        using var ok = await _client.LoginAsync("alice");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task EachFurtherLockoutDoublesUpToFifteenMinutes()
    {
        var seen = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            (await _client.LoginAsync("alice", "wrong password")).Dispose();
        }
        for (var lockout = 0; lockout < 7; lockout++)
        {
            using var locked = await _client.LoginAsync("alice", "wrong password");
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            var seconds = (int)locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            seen.Add(seconds);
            _time.Advance(TimeSpan.FromSeconds(seconds));
            using var next = await _client.LoginAsync("alice", "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        }

        Assert.Equal([30, 60, 120, 240, 480, 900, 900], seen);
    }

    [Fact]
    public async Task ASuccessResetsTheCount()
    {
        for (var i = 0; i < 4; i++)
        {
            (await _client.LoginAsync("alice", "wrong password")).Dispose();
        }
        using var ok = await _client.LoginAsync("alice");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // The name's counter is gone; the address's login counter (RowKey rate-login) stays.
        Assert.DoesNotContain(_api.Entities("LoginThrottle"), e => e.RowKey == "throttle");

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _client.LoginAsync("alice", "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    [Fact]
    public async Task AnUnknownNameIsThrottledExactlyLikeAKnownOne()
    {
        var known = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            using var a = await _client.LoginAsync("alice", "wrong password");
            using var b = await _client.LoginAsync("nobody", "wrong password");
            known.Add($"{(int)a.StatusCode} {a.Headers.RetryAfter} {await a.Content.ReadAsStringAsync()}");
            unknown.Add($"{(int)b.StatusCode} {b.Headers.RetryAfter} {await b.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(known, unknown);
        Assert.StartsWith("429 30 ", known[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwentyParallelWrongGuessesCountAsTwentyAndOnlyFiveAreChecked()
    {
        var guesses = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await _client.LoginAsync("alice", "wrong password");
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(guesses);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var counters = Assert.Single(_api.Entities("LoginThrottle", "alice"));
        Assert.Equal(20, counters.GetInt32("Failures"));
        Assert.True(counters.GetDateTimeOffset("LockedUntil") > _time.GetUtcNow());
        using var locked = await _client.LoginAsync("alice");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }
}
