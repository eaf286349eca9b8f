using System.Net;
using Azure.Data.Tables;
using FuncSession.Cleanup;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>The cleanup sweep against Azurite, on a fake clock.</summary>
public sealed class SessionSweepTests : IAsyncLifetime
{
    private static readonly TimeSpan PastFirstExpiry = TimeSpan.FromMinutes(36);

    private readonly List<SweepScenario> _scenarios = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var scenario in _scenarios)
        {
            await scenario.DisposeAsync();
        }
    }

    private async Task<SweepScenario> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var scenario = await SweepScenario.StartAsync(settings);
        _scenarios.Add(scenario);
        return scenario;
    }

    [Fact]
    public async Task ASweepReadsOnlyTheDueIndexEntriesAndTheirSessions()
    {
        var scenario = await StartAsync();
        var expired = await scenario.CreateSessionsAsync(6);
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = await scenario.CreateSessionsAsync(60);
        scenario.Clock.Advance(TimeSpan.FromMinutes(16));

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(expired.Count, report.SessionsDeleted + report.StaleEntriesDropped);
        Assert.Equal(expired.Count, scenario.Store.EntriesRead);
        Assert.Equal(expired.Count, scenario.Store.SessionReads);
        Assert.True(scenario.Store.EntriesRead + scenario.Store.SessionReads <= 2 * expired.Count);
        Assert.Equal(expired.Count, report.IndexEntriesRead);
        Assert.Equal(expired.Count, report.IndexEntriesDeleted);
        Assert.Equal(0, report.SessionsSpared);
        Assert.Equal(live.ToHashSet(), await scenario.SessionKeysAsync());
        Assert.Equal(live.ToHashSet(), await scenario.IndexedKeysAsync());
    }

    [Fact]
    public async Task ASweepWithNothingDueReadsNoSessions()
    {
        var scenario = await StartAsync();
        var live = await scenario.CreateSessionsAsync(10);
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(0, report.IndexEntriesRead);
        Assert.Equal(0, scenario.Store.SessionReads);
        Assert.Equal(live.ToHashSet(), await scenario.SessionKeysAsync());
    }

    [Fact]
    public async Task ASessionExtendedAfterItWasIndexedIsNeverDeleted()
    {
        var scenario = await StartAsync();
        using var client = scenario.Api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("cart"), HttpAssertions.Json("[1,2]"));
        var token = created.SessionCookie()!;
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        using (var touch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(token)))
        {
            Assert.Equal(HttpStatusCode.OK, touch.StatusCode);
        }
        Assert.Equal(2, await scenario.IndexEntryCountAsync());
        scenario.Clock.Advance(TimeSpan.FromMinutes(16));

        var report = await scenario.SweepAsync();

        Assert.Equal(0, report.SessionsDeleted);
        Assert.Equal(1, report.SessionsSpared);
        Assert.Equal(1, report.IndexEntriesDeleted);
        Assert.Equal(0, scenario.Store.SessionDeletes);
        Assert.Equal(1, await scenario.IndexEntryCountAsync());
        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("cart")).WithCookie(token));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("[1,2]", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnExpiredSessionWhoseOldAndNewEntriesAreBothDueIsReadOnceAndLeavesNoEntry()
    {
        var scenario = await StartAsync();
        using var client = scenario.Api.CreateRawClient();
        using var created = await client.PutAsync("session/values/cart", HttpAssertions.Json("[1,2]"));
        var token = created.SessionCookie()!;
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        using (var touch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(token)))
        {
            Assert.Equal(HttpStatusCode.OK, touch.StatusCode);
        }
        Assert.Equal(2, await scenario.IndexEntryCountAsync());
        // Past the second expiry too, as a run that comes late finds it: both entries are due at once.
        scenario.Clock.Advance(PastFirstExpiry);

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(2, report.IndexEntriesRead);
        Assert.Equal(1, scenario.Store.SessionReads);
        Assert.Equal((1, 1), (report.SessionsDeleted, report.SessionsSpared));
        Assert.Equal(1, scenario.Store.SessionDeletes);
        Assert.Equal(0, await scenario.IndexEntryCountAsync());
        Assert.Empty(await scenario.SessionKeysAsync());
    }

    [Fact]
    public async Task ASessionWrittenBetweenTheSweepsReadAndItsDeleteSurvives()
    {
        var scenario = await StartAsync();
        var key = Assert.Single(await scenario.CreateSessionsAsync(1));
        scenario.Clock.Advance(PastFirstExpiry);
        var sessions = scenario.Api.Services.GetRequiredService<ISessionStore>();
        scenario.Store.AfterSessionRead = async read =>
        {
            // Another instance, whose clock still saw the session alive, writes it now.
            var current = (await sessions.GetAsync(read!.Key, CancellationToken.None))!;
            current.Values = """{"written":"meanwhile"}"""u8.ToArray();
            Assert.Equal(WriteOutcome.Written, await sessions.ReplaceAsync(current, CancellationToken.None));
        };

        var report = await scenario.SweepAsync();

        Assert.Equal(1, scenario.Store.SessionDeletes);
        Assert.Equal(0, report.SessionsDeleted);
        Assert.Equal(1, report.SessionsSpared);
        var survivor = await sessions.GetAsync(key, CancellationToken.None);
        Assert.Equal("""{"written":"meanwhile"}""", System.Text.Encoding.UTF8.GetString(survivor!.Values));
        // Its entry stays, so a later run looks at the session again.
        Assert.Equal(1, await scenario.IndexEntryCountAsync());

        scenario.Store.AfterSessionRead = null;
        var next = await scenario.SweepAsync();

        Assert.Equal(1, next.SessionsDeleted);
        Assert.Empty(await scenario.SessionKeysAsync());
        Assert.Equal(0, await scenario.IndexEntryCountAsync());
    }

    [Fact]
    public async Task IndexEntriesAreDeletedInTransactionsOfAtMostAHundredPerPartition()
    {
        var scenario = await StartAsync(new Dictionary<string, string?> { ["FuncSession:ExpiryShards"] = "2" });
        var expired = await scenario.CreateSessionsAsync(260);
        scenario.Clock.Advance(PastFirstExpiry);

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(260, report.SessionsDeleted + report.StaleEntriesDropped);
        var batches = scenario.Store.Batches.ToList();
        Assert.All(batches, batch => Assert.InRange(batch.Count, 1, 100));
        Assert.Equal(260, batches.Sum(batch => batch.Count));
        var perPartition = batches.GroupBy(batch => batch.Partition).ToList();
        Assert.Equal(2, perPartition.Count);
        Assert.All(perPartition, partition => Assert.Equal((partition.Sum(b => b.Count) + 99) / 100, partition.Count()));
        Assert.Empty(await scenario.SessionKeysAsync());
        Assert.Equal(0, await scenario.IndexEntryCountAsync());
    }

    [Fact]
    public async Task AnEntryRemovedByAnotherSweepDoesNotFailTheOthersInItsTransaction()
    {
        var scenario = await StartAsync(new Dictionary<string, string?> { ["FuncSession:ExpiryShards"] = "1" });
        await scenario.CreateSessionsAsync(20);
        scenario.Clock.Advance(PastFirstExpiry);
        var index = scenario.Api.Table(SessionTables.SessionExpiryName);
        scenario.Store.BeforeBatch = async (partition, keys) =>
            await index.DeleteEntityAsync(partition, keys[3], Azure.ETag.All);

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(20, report.SessionsDeleted + report.StaleEntriesDropped);
        Assert.Equal(0, await scenario.IndexEntryCountAsync());
    }

    [Fact]
    public async Task ASiteThatLowersItsExpiryShardsStillSweepsTheEntriesWrittenInTheOldOnes()
    {
        var before = await StartAsync(new Dictionary<string, string?> { ["FuncSession:ExpiryShards"] = "16" });
        using var client = before.Api.CreateRawClient();
        var tokens = new List<string>();
        // Until some entry sits in a shard the new setting no longer has (each does with odds of one half).
        for (var i = 0; i < 64 && (tokens.Count < 8 || !(await before.IndexPartitionsAsync()).Any(p => Shard(p) >= 8)); i++)
        {
            using var created = await client.PutAsync(ApiPaths.Value("cart"), HttpAssertions.Json($"[{i}]"));
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
            tokens.Add(created.SessionCookie()!);
        }
        Assert.Contains(await before.IndexPartitionsAsync(), p => Shard(p) >= 8);

        var after = await StartAsync(new Dictionary<string, string?>
        {
            ["FuncSession:ExpiryShards"] = "8",
            ["FuncSession:TablePrefix"] = before.Api.TablePrefix,
        });
        using var next = after.Api.CreateRawClient();
        after.Clock.Advance(TimeSpan.FromMinutes(20));
        var touched = tokens.Where((_, i) => i % 2 == 0).ToList();
        foreach (var token in touched)
        {
            using var touch = await next.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(token));
            Assert.Equal(HttpStatusCode.OK, touch.StatusCode);
        }
        after.Clock.Advance(TimeSpan.FromMinutes(16));

        var report = await after.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal((tokens.Count - touched.Count, touched.Count), (report.SessionsDeleted, report.SessionsSpared));
        Assert.Equal(touched.Count, (await after.SessionKeysAsync()).Count);
        var left = await after.IndexPartitionsAsync();
        Assert.Equal(touched.Count, left.Count);
        Assert.All(left, p => Assert.InRange(Shard(p), 0, 7));

        after.Clock.Advance(PastFirstExpiry);
        var last = await after.SweepAsync();

        Assert.Equal(touched.Count, last.SessionsDeleted);
        Assert.Empty(await after.SessionKeysAsync());
        Assert.Equal(0, await after.IndexEntryCountAsync());

        static int Shard(string partition) => int.Parse(partition[^2..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ASweepOverItsTimeBudgetStopsAndTheNextRunFinishesTheWork()
    {
        var scenario = await StartAsync(new Dictionary<string, string?>
        {
            ["FuncSession:SweepTimeBudget"] = "00:00:10",
            ["FuncSession:SweepParallelism"] = "1",
        });
        var expired = await scenario.CreateSessionsAsync(30);
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = await scenario.CreateSessionsAsync(5);
        scenario.Clock.Advance(TimeSpan.FromMinutes(16));
        // Each session read takes a second of the budget.
        scenario.Store.AfterSessionRead = _ =>
        {
            scenario.Clock.Advance(TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        };

        var first = await scenario.SweepAsync();

        Assert.False(first.Completed);
        Assert.Equal(SweepStopReason.TimeBudget, first.StopReason);
        Assert.Equal(10, first.SessionsDeleted + first.StaleEntriesDropped);
        Assert.Equal(10, first.IndexEntriesDeleted);
        Assert.Equal(expired.Count - 10 + live.Count, (await scenario.SessionKeysAsync()).Count);
        Assert.Equal(expired.Count - 10 + live.Count, await scenario.IndexEntryCountAsync());

        scenario.Store.AfterSessionRead = null;
        var second = await scenario.SweepAsync();

        Assert.True(second.Completed);
        Assert.Equal(expired.Count - 10, second.SessionsDeleted + second.StaleEntriesDropped);
        Assert.Equal(live.ToHashSet(), await scenario.SessionKeysAsync());
        Assert.Equal(live.ToHashSet(), await scenario.IndexedKeysAsync());
    }

    [Fact]
    public async Task TwoSweepsAtOnceDeleteEveryExpiredSessionOnceAndNothingLive()
    {
        var scenario = await StartAsync(new Dictionary<string, string?> { ["FuncSession:ExpiryShards"] = "2" });
        var expired = await scenario.CreateSessionsAsync(80);
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = await scenario.CreateSessionsAsync(20);
        scenario.Clock.Advance(TimeSpan.FromMinutes(16));

        var reports = await Task.WhenAll(scenario.SweepAsync(), scenario.SweepAsync());

        Assert.All(reports, report => Assert.True(report.Completed));
        // No session is deleted twice; a sweep that finds one gone (deleted by the other, or by its own
        // timed-out and retried call) counts it as stale.
        Assert.InRange(reports.Sum(report => report.SessionsDeleted), 1, expired.Count);
        Assert.Equal(0, reports.Sum(report => report.SessionsSpared));
        Assert.Equal(live.ToHashSet(), await scenario.SessionKeysAsync());
        Assert.Equal(live.ToHashSet(), await scenario.IndexedKeysAsync());
    }

    [Fact]
    public async Task AnExpiredSessionOfALoggedInUserLeavesTheUsersIndex()
    {
        var scenario = await StartAsync();
        var sessions = scenario.Api.Services.GetRequiredService<ISessionStore>();
        var userIndex = scenario.Api.Table(SessionTables.UserSessionsName);
        var expired = Assert.Single(await scenario.CreateSessionsAsync(1));
        scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = Assert.Single(await scenario.CreateSessionsAsync(1));
        foreach (var key in new[] { expired, live })
        {
            var session = (await sessions.GetAsync(key, CancellationToken.None))!;
            session.User = "Alice";
            session.UserKey = "alice";
            session.AuthenticatedAt = scenario.Clock.GetUtcNow();
            Assert.Equal(WriteOutcome.Written, await sessions.ReplaceAsync(session, CancellationToken.None));
            await userIndex.AddEntityAsync(new TableEntity("alice", key));
        }
        scenario.Clock.Advance(TimeSpan.FromMinutes(16));

        var report = await scenario.SweepAsync();

        Assert.Equal(1, report.SessionsDeleted);
        Assert.Equal(1, report.UserEntriesDeleted);
        var remaining = new List<string>();
        await foreach (var entity in userIndex.QueryAsync<TableEntity>(e => e.PartitionKey == "alice"))
        {
            remaining.Add(entity.RowKey);
        }
        Assert.Equal([live], remaining);
    }

    [Fact]
    public async Task AnExpiredSessionWhoseUserEntryIsAlreadyGoneIsStillDeleted()
    {
        var scenario = await StartAsync();
        var sessions = scenario.Api.Services.GetRequiredService<ISessionStore>();
        var key = Assert.Single(await scenario.CreateSessionsAsync(1));
        var session = (await sessions.GetAsync(key, CancellationToken.None))!;
        session.User = "Bob";
        session.UserKey = "bob";
        Assert.Equal(WriteOutcome.Written, await sessions.ReplaceAsync(session, CancellationToken.None));
        scenario.Clock.Advance(PastFirstExpiry);

        var report = await scenario.SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal(1, report.SessionsDeleted);
        Assert.Empty(await scenario.SessionKeysAsync());
    }

    [Fact]
    public async Task EachSweepLogsOneSummaryLine()
    {
        var scenario = await StartAsync();
        await scenario.CreateSessionsAsync(3);
        scenario.Clock.Advance(PastFirstExpiry);

        await scenario.SweepAsync();
        await scenario.SweepAsync();

        var entries = scenario.Logs.Entries.ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, entry =>
        {
            Assert.Equal(LogLevel.Information, entry.Level);
            Assert.Equal(LogEvents.Swept, entry.Event.Id);
        });
    }
}
