using FuncSession.Cleanup;
using FuncSession.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.Tests.Cleanup;

/// <summary>What a sweep does with each due entry, and above all with the users' session lists.</summary>
public sealed class SessionSweeperTests
{
    /// <summary>Buckets that ended before <see cref="Now"/>, and one still to come.</summary>
    private const string Earlier = "202611251025-01";
    private const string Due = "202611251030-01";
    private const string Pending = "202611251130-01";

    private static readonly DateTimeOffset Now = new(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);

    private readonly InMemorySweepStore _store = new();
    private readonly SessionSweeper _sweeper;

    public SessionSweeperTests()
    {
        var options = Options.Create(new SessionOptions());
        _sweeper = new SessionSweeper(_store, new ExpiryIndex(options), options, new FakeTimeProvider(Now), NullLogger<SessionSweeper>.Instance);
    }

    private Task<SweepReport> SweepAsync() => _sweeper.SweepAsync(CancellationToken.None);

    [Fact]
    public async Task AnExpiredSessionOfAUserIsDeletedAndLeavesTheUsersListOnce()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.AddEntry(Due, "k1", "alice");

        var report = await SweepAsync();

        Assert.Equal((1, 0, 1), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(_store.Sessions);
        Assert.Empty(_store.Entries);
        Assert.Equal([("alice", "k1")], _store.UserDeletes);
    }

    [Fact]
    public async Task AGoneSessionWhoseEntryNamesAUserLeavesThatUsersList()
    {
        // A run deleted the session, then stopped before it removed it from the user's list.
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.RemoveSession("k1");
        _store.AddEntry(Due, "k1", "alice");

        var report = await SweepAsync();

        Assert.True(report.Completed);
        Assert.Equal((0, 1, 1), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(_store.UserSessions);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task AGoneSessionWhoseEntryNamesNoUserTouchesNoUsersList()
    {
        // An entry written before entries named their user: nothing says whose list to clean.
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.RemoveSession("k1");
        _store.AddEntry(Due, "k1", userKey: null);

        var report = await SweepAsync();

        Assert.Equal((1, 0), (report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(_store.UserDeletes);
        Assert.Equal([("alice", "k1")], _store.UserSessions);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task ALiveSessionKeepsItsPlaceInItsUsersListWhateverItsEntriesSay()
    {
        // Extended into a later bucket: this entry is old news. And one still indexed here but not expired.
        _store.AddSession("extended", Now.AddMinutes(25), Pending, "alice");
        _store.AddEntry(Due, "extended", "alice");
        _store.AddEntry(Pending, "extended", "alice");
        _store.AddSession("unexpired", Now.AddMinutes(5), Due, "alice");
        _store.AddEntry(Due, "unexpired", "alice");

        var report = await SweepAsync();

        Assert.Equal((0, 2, 0), (report.SessionsDeleted, report.SessionsSpared, report.UserEntriesDeleted));
        Assert.Empty(_store.UserDeletes);
        Assert.Equal(["extended", "unexpired"], _store.UserSessions.Select(e => e.Session).Order(StringComparer.Ordinal));
        Assert.Equal([(Due, "unexpired"), (Pending, "extended")], _store.Entries.Order());
    }

    [Fact]
    public async Task AnExpiredSessionDeletedByOthersBetweenTheReadAndTheDeleteStillLeavesItsUsersList()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.AddEntry(Due, "k1", "alice");
        // Another sweep deletes it and stops before the user's list.
        _store.AfterSessionRead = _store.RemoveSession;

        var report = await SweepAsync();

        Assert.Equal((0, 1, 1), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(_store.UserSessions);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task AnExpiredSessionWrittenBetweenTheReadAndTheDeleteKeepsItsUserEntryAndItsIndexEntry()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.AddEntry(Due, "k1", "alice");
        _store.AfterSessionRead = _store.Touch;

        var report = await SweepAsync();

        Assert.Equal((0, 1, 0), (report.SessionsDeleted, report.SessionsSpared, report.UserEntriesDeleted));
        Assert.Equal(["k1"], _store.Sessions);
        Assert.Equal([("alice", "k1")], _store.UserSessions);
        Assert.Equal([(Due, "k1")], _store.Entries);
    }

    [Fact]
    public async Task AnAnonymousSessionTouchesNoUsersList()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, userKey: null);
        _store.AddEntry(Due, "k1", userKey: null);
        _store.AddEntry(Due, "k2", userKey: null);

        var report = await SweepAsync();

        Assert.Equal((1, 1, 0), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(_store.UserDeletes);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task AnExpiredSessionWithAnOlderEntryAlsoDueIsReadOnceAndBothEntriesGo()
    {
        // Extended once (leaving an entry in an earlier bucket), then expired; a late run finds both entries due.
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.AddEntry(Earlier, "k1", "alice");
        _store.AddEntry(Due, "k1", "alice");

        var report = await SweepAsync();

        Assert.Equal(1, _store.SessionReads);
        Assert.Equal((1, 1, 0), (report.SessionsDeleted, report.SessionsSpared, report.StaleEntriesDropped));
        Assert.Empty(_store.Sessions);
        Assert.Empty(_store.Entries);
        Assert.Equal([("alice", "k1")], _store.UserDeletes);
    }

    [Fact]
    public async Task AGoneSessionWithTwoDueEntriesIsReadOnceAndLeavesItsUsersListOnce()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.RemoveSession("k1");
        _store.AddEntry(Earlier, "k1", "alice");
        _store.AddEntry(Due, "k1", "alice");

        var report = await SweepAsync();

        Assert.Equal(1, _store.SessionReads);
        Assert.Equal(2, report.StaleEntriesDropped);
        Assert.Equal([("alice", "k1")], _store.UserDeletes);
        Assert.Empty(_store.Entries);
    }

    [Fact]
    public async Task AnExpiredSessionWrittenBetweenTheReadAndTheDeleteKeepsItsCurrentEntryButDropsItsOlderOne()
    {
        _store.AddSession("k1", Now.AddMinutes(-35), Due, "alice");
        _store.AddEntry(Earlier, "k1", "alice");
        _store.AddEntry(Due, "k1", "alice");
        _store.AfterSessionRead = _store.Touch;

        var report = await SweepAsync();

        Assert.Equal((0, 2), (report.SessionsDeleted, report.SessionsSpared));
        Assert.Equal(["k1"], _store.Sessions);
        Assert.Equal([(Due, "k1")], _store.Entries);
        Assert.Empty(_store.UserDeletes);
    }

    [Fact]
    public async Task ASessionWhoseExpiryIsExactlyNowCountsAsExpired()
    {
        _store.AddSession("k1", Now, Due, null);
        _store.AddEntry(Due, "k1", null);

        var report = await SweepAsync();

        Assert.Equal(1, report.SessionsDeleted);
        Assert.Empty(_store.Sessions);
    }
}
