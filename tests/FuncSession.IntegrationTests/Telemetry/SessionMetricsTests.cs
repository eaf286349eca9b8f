using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Azure;
using Azure.Data.Tables;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using FuncSession.Security;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Telemetry;

/// <summary>
/// The service's meter over a real request flow against Azurite: what a client does over HTTP, and
/// a sweep run through the admin route, comes out as the counts and tags the dashboard charts.
/// </summary>
public sealed class SessionMetricsTests : IAsyncLifetime
{
    private static readonly TimeSpan SweepWait = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 2, 0, TimeSpan.Zero));
    private TestApi _api = null!;
    private MetricsCollector _metrics = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), time: _clock);
        _metrics = new MetricsCollector(_api.Services.GetRequiredService<IMeterFactory>());
    }

    public async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task SessionWritesAndEndsAreCountedOncePerSessionAndChange()
    {
        var cookies = new CookieContainer();
        using var client = _api.CreateClient(cookies);

        (await client.PutAsync("session/values/cart", HttpAssertions.Json("""{"items":[1]}"""))).EnsureSuccessStatusCode().Dispose();
        (await client.PutAsync("session/values/theme", HttpAssertions.Json("\"dark\""))).EnsureSuccessStatusCode().Dispose();
        (await client.GetAsync("session")).EnsureSuccessStatusCode().Dispose();

        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsCreated));
        Assert.Equal(2, _metrics.Sum(FuncSessionMetrics.SessionWrites));
        Assert.Equal(0, _metrics.Sum(FuncSessionMetrics.SessionWriteConflicts));

        using var deleted = await client.DeleteAsync("session");
        Assert.True(deleted.IsSuccessStatusCode);
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsEnded));
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsCreated));
    }

    [Fact]
    public async Task AWriteThatMeetsAConcurrentChangeInStorageIsCountedAsAConflictAndOneWrite()
    {
        var cookies = new CookieContainer();
        using var client = _api.CreateClient(cookies);
        (await client.PutAsync("session/values/cart", HttpAssertions.Json("1"))).EnsureSuccessStatusCode().Dispose();
        var token = Assert.Single(cookies.GetCookies(_api.BaseAddress)).Value;
        Assert.True(_api.Services.GetRequiredService<SessionTokenCodec>().TryRead(token, out var id));
        var sessions = _api.Table(SessionTables.SessionsName);
        var interfered = false;

        // Another instance writes between this write's read and its replace: storage refuses the
        // replace (412), and the write reads again and is applied on top.
        var writing = _api.Services.GetRequiredService<SessionService>().UpdateAsync(id, create: false, session =>
        {
            if (!interfered)
            {
                interfered = true;
                var stored = sessions.GetEntity<TableEntity>(id.Key, SessionEntity.RowKeyFor(id.Key)).Value;
                sessions.UpdateEntity(stored, ETag.All, TableUpdateMode.Replace);
            }
            session.Values = SessionJson.Set(session.Values, "theme", "\"dark\""u8.ToArray());
            return SessionChange.Changed;
        }, CancellationToken.None);
        // The write pauses on the API's clock before it tries again.
        var waited = Stopwatch.StartNew();
        while (!writing.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            _clock.Advance(SessionService.MaxRetryPause);
            await Task.Delay(20);
        }
        var update = await writing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(SessionChange.Changed, update.Outcome);
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionWriteConflicts));
        Assert.Equal(2, _metrics.Sum(FuncSessionMetrics.SessionWrites));
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsCreated));
        // The refused replace is still an answer from storage, not an outage.
        var replaces = _metrics.Of(FuncSessionMetrics.StorageDuration).Where(m => (string?)m.Tags["operation"] == "session.replace").ToList();
        Assert.Equal(2, replaces.Count);
        Assert.All(replaces, m => Assert.Equal("succeeded", m.Tags["outcome"]));
    }

    [Fact]
    public async Task LoginsAreCountedByOutcomeAndAThrottledOneAlsoAsALimitedRequest()
    {
        using var client = _api.CreateRawClient();
        await client.RegisteredAsync("alice");

        (await client.LoginAsync("alice", "wrong password")).Dispose();
        await client.LoggedInAsync("alice");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.LoginAsync("mallory", "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var locked = await client.LoginAsync("mallory", "wrong password");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);

        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.Logins, "outcome", "succeeded"));
        Assert.Equal(6, _metrics.Sum(FuncSessionMetrics.Logins, "outcome", "failed"));
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.Logins, "outcome", "throttled"));
        Assert.Equal(8, _metrics.Sum(FuncSessionMetrics.Logins));
        var limited = Assert.Single(_metrics.Of(FuncSessionMetrics.RequestsLimited));
        Assert.Equal("throttled", limited.Tags["reason"]);
        // A login makes a new session.
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsCreated));
    }

    [Fact]
    public async Task AnExpiredSessionIsCountedWhenItComesBackAndWhenTheSweepDeletesIt()
    {
        using var idle = _api.CreateClient();
        using var gone = _api.CreateClient();
        (await idle.PutAsync("session/values/a", HttpAssertions.Json("1"))).EnsureSuccessStatusCode().Dispose();
        (await gone.PutAsync("session/values/b", HttpAssertions.Json("2"))).EnsureSuccessStatusCode().Dispose();
        _clock.Advance(TimeSpan.FromMinutes(36));

        (await idle.GetAsync("session")).Dispose();
        Assert.Equal(1, _metrics.Sum(FuncSessionMetrics.SessionsExpired));

        using var trigger = await _api.CreateRawClient().PostAsync(
            new Uri(_api.BaseAddress, "/admin/functions/SessionCleanup"), HttpAssertions.Json("""{"input":""}"""));
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var sweep = await WaitForSweepAsync();

        Assert.Equal(true, sweep.Tags["completed"]);
        Assert.InRange(sweep.Value, 0, SweepWait.TotalSeconds);
        Assert.Equal(2, _metrics.Sum(FuncSessionMetrics.SessionsSwept));
        Assert.Contains(_metrics.Of(FuncSessionMetrics.StorageDuration), m => (string?)m.Tags["operation"] == "expiry.query");
    }

    /// <summary>The admin route answers before the sweep runs; the sweep's duration is recorded when it is done.</summary>
    private async Task<MetricsCollector.Measurement> WaitForSweepAsync()
    {
        var waited = Stopwatch.StartNew();
        while (_metrics.Of(FuncSessionMetrics.SweepDuration).Count == 0 && waited.Elapsed < SweepWait)
        {
            await Task.Delay(50);
        }
        return Assert.Single(_metrics.Of(FuncSessionMetrics.SweepDuration));
    }
}
