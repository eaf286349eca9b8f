using System.Security.Cryptography;
using System.Text;
using FuncSession.Security;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Telemetry;
using FuncSession.Tests.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.Tests.Sessions;

public sealed class SessionServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemorySessionStore _store = new();
    private readonly InMemoryUserSessionIndex _userSessions = new();
    private readonly SessionOptions _options = new() { SigningKeys = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
    private readonly SessionService _service;

    public SessionServiceTests()
    {
        var options = Options.Create(_options);
        _service = new SessionService(
            _store,
            _userSessions,
            new SessionTokenCodec(new SigningKeyRing(options)),
            new ExpiryIndex(options),
            new SessionRules(options),
            options,
            _time,
            new FuncSessionMetrics(new TestMeterFactory(), _time),
            NullLogger<SessionService>.Instance);
    }

    private static Task<bool> Allowed(CancellationToken cancellationToken) => Task.FromResult(true);

    private async Task<SessionId> CreateAsync(bool permanent = false)
    {
        var update = await _service.UpdateAsync(null, create: true, session =>
        {
            session.Values = SessionJson.Set(session.Values, "a", "1"u8.ToArray());
            _service.SetPermanent(session, permanent);
            return SessionChange.Changed;
        }, CancellationToken.None);
        _store.ResetCounts();
        return update.Issued!.Value;
    }

    [Fact]
    public async Task AReadIsOnePointReadAndNoWriteWithinTheTouchInterval()
    {
        var id = await CreateAsync();

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.NotNull(await _service.LoadAsync(id, CancellationToken.None));
        }

        Assert.Equal(10, _store.Reads);
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task AReadRefreshesTheSlidingExpiryOnceItWouldMoveByMoreThanTheTouchInterval()
    {
        var id = await CreateAsync();
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var session = await _service.LoadAsync(id, CancellationToken.None);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), session!.ExpiresAt);
        Assert.Equal(1, _store.Reads);
        Assert.InRange(_store.Writes, 1, 2); // the replace, and an index entry when the expiry enters a new bucket
        Assert.Equal(session.ExpiresAt, _store.All.Single().ExpiresAt);
    }

    [Fact]
    public async Task AReadStillAnswersWhenRefreshingTheExpiryFails()
    {
        var id = await CreateAsync();
        var stored = _store.All.Single().ExpiresAt;
        _time.Advance(TimeSpan.FromMinutes(10));
        _store.WritesUnavailable = true;

        var session = await _service.LoadAsync(id, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Equal(stored, session.ExpiresAt);
    }

    [Fact]
    public async Task AnIdleSessionExpiresEvenWithoutCleanup()
    {
        var id = await CreateAsync();

        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(await _service.LoadAsync(id, CancellationToken.None));
        Assert.Single(_store.All);
    }

    [Fact]
    public async Task AUsedSessionStillEndsAtTheAbsoluteTimeout()
    {
        var id = await CreateAsync();

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await _service.LoadAsync(id, CancellationToken.None));
        }
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.Null(await _service.LoadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task AnExpiringSessionReportsTheEarlierOfIdleAndAbsoluteExpiry()
    {
        var id = await CreateAsync();
        for (var i = 0; i < 35; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await _service.LoadAsync(id, CancellationToken.None));
        }
        _time.Advance(TimeSpan.FromMinutes(5));

        var session = await _service.LoadAsync(id, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero), session.ExpiresAt);
    }

    [Fact]
    public async Task APermanentSessionLivesForThePermanentLifetimeAndIsRefreshedOnUse()
    {
        var id = await CreateAsync(permanent: true);

        _time.Advance(TimeSpan.FromDays(30));
        var used = await _service.LoadAsync(id, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(30));
        var stillThere = await _service.LoadAsync(id, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(31));
        var gone = await _service.LoadAsync(id, CancellationToken.None);

        Assert.NotNull(used);
        Assert.NotNull(stillThere);
        Assert.Null(gone);
    }

    [Fact]
    public async Task AWriteThatLosesARaceReReadsAndReapplies()
    {
        var id = await CreateAsync();
        _store.ConflictsToInject = 3;

        var write = SetBAsync(id, create: false);
        var update = await WithClockRunningAsync(write);

        Assert.Equal(SessionChange.Changed, update.Outcome);
        Assert.Equal(4, _store.Reads);
        Assert.Equal("""{"a":1,"b":2}""", Encoding.UTF8.GetString(_store.All.Single().Values));
    }

    [Fact]
    public async Task AWriteGivesUpAfterTheConfiguredNumberOfAttempts()
    {
        var id = await CreateAsync();
        _store.ConflictsToInject = int.MaxValue;

        await Assert.ThrowsAsync<SessionConflictException>(() => WithClockRunningAsync(SetBAsync(id, create: false)));

        Assert.Equal(_options.MaxWriteAttempts, _store.Reads);
    }

    [Fact]
    public async Task AWriteThatLostARacePausesBeforeItTriesAgain()
    {
        var id = await CreateAsync();
        _store.ConflictsToInject = 1;

        var write = SetBAsync(id, create: false);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_store.Reads < 1 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }
        await Task.Delay(50);

        // The pause is on the clock: with the clock stopped, the second attempt has not started.
        Assert.False(write.IsCompleted);
        Assert.Equal(1, _store.Reads);
        Assert.Equal(SessionChange.Changed, (await WithClockRunningAsync(write)).Outcome);
        Assert.Equal(2, _store.Reads);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(6, 320)]
    [InlineData(99, 320)]
    public void ThePauseAfterAConflictIsRandomBetweenHalfABoundAndTheBoundWhichDoublesToAMaximum(int conflicts, int boundMs)
    {
        var pauses = Enumerable.Range(0, 200).Select(_ => SessionService.RetryPause(conflicts)).ToList();

        Assert.All(pauses, pause => Assert.InRange(pause, TimeSpan.FromMilliseconds(boundMs / 2.0), TimeSpan.FromMilliseconds(boundMs)));
        Assert.True(pauses.Distinct().Count() > 100, "the pauses are spread out");
        Assert.True(pauses.Max() > TimeSpan.FromMilliseconds(boundMs * 0.8), "the pauses reach toward the bound");
    }

    /// <summary>Sets the value <c>b</c> of the session <paramref name="id"/> to 2.</summary>
    private Task<SessionUpdate> SetBAsync(SessionId id, bool create) =>
        _service.UpdateAsync(id, create, session =>
        {
            session.Values = SessionJson.Set(session.Values, "b", "2"u8.ToArray());
            return SessionChange.Changed;
        }, CancellationToken.None);

    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> completes (bounded).</summary>
    private async Task<T> WithClockRunningAsync<T>(Task<T> task)
    {
        for (var step = 0; step < 2_000 && !task.IsCompleted; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(1);
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AChangeBeyondTheMaximumSizeWritesNothing()
    {
        var id = await CreateAsync();
        var big = Encoding.UTF8.GetBytes("\"" + new string('x', _options.MaxSessionBytes) + "\"");

        var update = await _service.UpdateAsync(id, create: true, session =>
        {
            session.Values = SessionJson.Set(session.Values, "big", big);
            return SessionChange.Changed;
        }, CancellationToken.None);

        Assert.Equal(SessionChange.TooLarge, update.Outcome);
        Assert.Null(update.Issued);
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task AWriteToAnExpiredSessionStartsANewOneWithANewId()
    {
        var id = await CreateAsync();
        _time.Advance(TimeSpan.FromHours(1));

        var update = await SetBAsync(id, create: true);

        Assert.NotNull(update.Issued);
        Assert.NotEqual(id, update.Issued);
        Assert.Equal("""{"b":2}""", Encoding.UTF8.GetString(update.Session!.Values));
    }

    [Fact]
    public async Task EverySessionIsIndexedUnderTheBucketOfItsExpiryBeforeItIsWritten()
    {
        var id = await CreateAsync();

        var stored = _store.All.Single();

        Assert.Contains((stored.IndexBucket!, id.Key), _store.Index);
        Assert.StartsWith("202611251030-", stored.IndexBucket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInMovesTheValuesToANewIdIndexedUnderTheUserAndRetiresTheOldSession()
    {
        var anonymous = await CreateAsync();

        var (session, id) = await _service.SignInAsync(anonymous, "Alice", "alice", permanent: true, device: null, Allowed, CancellationToken.None);

        Assert.NotEqual(anonymous.Key, id.Key);
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(session.Values));
        Assert.Equal(("Alice", "alice", true), (session.User, session.UserKey, session.Permanent));
        Assert.Equal(_time.GetUtcNow(), session.AuthenticatedAt);
        Assert.Null(await _service.LoadAsync(anonymous, CancellationToken.None));
        Assert.Equal([("alice", id.Key)], _userSessions.Entries);
        Assert.Equal("alice", _store.IndexedUsers[(session.IndexBucket!, id.Key)]);
    }

    [Fact]
    public async Task EveryIndexEntryOfALoggedInSessionNamesItsUserAndNoneOfAnAnonymousOneDoes()
    {
        var anonymous = await CreateAsync();
        var (_, id) = await _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(await _service.LoadAsync(id, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(10));

        await SetBAsync(id, create: false);

        // Pending, confirmed, refreshed by the read, refreshed by the write.
        var loggedIn = _store.IndexedUsers.Where(entry => entry.Key.Key == id.Key).ToList();
        Assert.Equal(4, loggedIn.Count);
        Assert.All(loggedIn, entry => Assert.Equal("alice", entry.Value));
        // Created, then retired by the login.
        var anonymousEntries = _store.IndexedUsers.Where(entry => entry.Key.Key == anonymous.Key).ToList();
        Assert.Equal(2, anonymousEntries.Count);
        Assert.All(anonymousEntries, entry => Assert.Null(entry.Value));
    }

    [Fact]
    public async Task SignInLeavesAnotherUsersValuesBehindAndEndingASessionUnindexesIt()
    {
        var anonymous = await CreateAsync();
        var (_, bob) = await _service.SignInAsync(anonymous, "bob", "bob", permanent: false, device: null, Allowed, CancellationToken.None);

        var (alice, aliceId) = await _service.SignInAsync(bob, "alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None);

        Assert.Equal("{}", Encoding.UTF8.GetString(alice.Values));
        Assert.Equal([("alice", aliceId.Key)], _userSessions.Entries);
        await _service.EndAsync(aliceId, CancellationToken.None);
        Assert.Empty(_userSessions.Entries);
    }

    [Fact]
    public async Task AWriteAcknowledgedOnTheOldSessionDuringALoginIsInTheNewSession()
    {
        var anonymous = await CreateAsync();
        var slipped = false;
        _store.BeforeReplace = record =>
        {
            if (!slipped && record.Key == anonymous.Key && record.RotatedTo is not null)
            {
                // Another request's write lands between the login's copy and its retirement of the old session.
                slipped = true;
                var current = _store.All.Single(s => s.Key == anonymous.Key);
                current.Values = SessionJson.Set(current.Values, "late", "2"u8.ToArray());
                _store.WriteBehindTheServicesBack(current);
            }
        };

        var (session, id) = await _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None);

        Assert.True(slipped);
        Assert.Equal("""{"a":1,"late":2}""", Encoding.UTF8.GetString(session.Values));
        var loaded = await _service.LoadAsync(id, CancellationToken.None);
        Assert.Equal("""{"a":1,"late":2}""", Encoding.UTF8.GetString(loaded!.Values));
    }

    [Fact]
    public async Task ALoginThatStopsAfterRetiringTheOldSessionIsResumedByRepeatingIt()
    {
        var anonymous = await CreateAsync();
        _store.BeforeReplace = record =>
        {
            if (record.Key != anonymous.Key && !record.Pending && record.RotatedTo is null)
            {
                throw new StorageUnavailableException("stopped before the confirmation");
            }
        };
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None));
        Assert.Null(await _service.LoadAsync(anonymous, CancellationToken.None));
        _store.BeforeReplace = null;

        var (session, id) = await _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None);

        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(session.Values));
        Assert.NotNull(await _service.LoadAsync(id, CancellationToken.None));
        Assert.Equal([("alice", id.Key)], _userSessions.Entries);
    }

    [Fact]
    public async Task APendingLoginSessionServesNoRequest()
    {
        var anonymous = await CreateAsync();
        _store.BeforeReplace = record =>
        {
            if (record.Key == anonymous.Key)
            {
                throw new StorageUnavailableException("stopped before retiring the old session");
            }
        };
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None));

        var pending = Assert.Single(_store.All, s => s.Pending);
        Assert.False(SessionRules.IsUsable(pending, _time.GetUtcNow()));
        Assert.NotNull(await _service.LoadAsync(anonymous, CancellationToken.None));
        _time.Advance(SessionRules.RotationWindow);
        Assert.True(SessionRules.HasExpired(pending, _time.GetUtcNow()));
    }

    [Fact]
    public async Task ALoginThatIsNoLongerAllowedEndsItsNewSessionAndAnswersBusy()
    {
        var anonymous = await CreateAsync();

        await Assert.ThrowsAsync<SessionConflictException>(() => _service.SignInAsync(
            anonymous, "Alice", "alice", permanent: false, device: null, _ => Task.FromResult(false), CancellationToken.None));

        Assert.DoesNotContain(_store.All, s => s.UserKey == "alice");
        Assert.Empty(_userSessions.Entries);
    }

    [Fact]
    public async Task APermanentSessionNeverOutlivesItsCreationPlusTheMaximumLifetime()
    {
        _options.MaxLifetime = TimeSpan.FromDays(40);
        var created = _time.GetUtcNow();
        var id = await CreateAsync(permanent: true);

        _time.Advance(TimeSpan.FromDays(30));
        var used = await _service.LoadAsync(id, CancellationToken.None);

        Assert.Equal(created + TimeSpan.FromDays(40), used!.ExpiresAt);
        Assert.Equal(created, used.CreatedAt);
        _time.Advance(TimeSpan.FromDays(10));
        Assert.Null(await _service.LoadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task MakingASessionPermanentLaterKeepsItsCreationAndItsCap()
    {
        _options.MaxLifetime = TimeSpan.FromDays(35);
        var created = _time.GetUtcNow();
        var id = await CreateAsync();
        _time.Advance(TimeSpan.FromMinutes(10));

        var update = await _service.UpdateAsync(id, create: false, session =>
        {
            _service.SetPermanent(session, true);
            return SessionChange.Changed;
        }, CancellationToken.None);

        Assert.Equal(created, update.Session!.CreatedAt);
        Assert.Equal(created + TimeSpan.FromDays(31) + TimeSpan.FromMinutes(10), update.Session.ExpiresAt);
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(created + TimeSpan.FromDays(35), (await _service.LoadAsync(id, CancellationToken.None))!.ExpiresAt);
    }

    [Fact]
    public async Task AnAnonymousSessionHasTheSmallerLimitAndALoggedInOneTheLargerOne()
    {
        _options.MaxAnonymousSessionBytes = 2048;
        _options.MaxSessionBytes = 8192;
        var big = Encoding.UTF8.GetBytes("\"" + new string('x', 4000) + "\"");
        var anonymous = await CreateAsync();

        var refused = await _service.UpdateAsync(anonymous, create: false, session =>
        {
            session.Values = SessionJson.Set(session.Values, "big", big);
            return SessionChange.Changed;
        }, CancellationToken.None);
        var (_, loggedIn) = await _service.SignInAsync(anonymous, "Alice", "alice", permanent: false, device: null, Allowed, CancellationToken.None);
        var accepted = await _service.UpdateAsync(loggedIn, create: false, session =>
        {
            session.Values = SessionJson.Set(session.Values, "big", big);
            return SessionChange.Changed;
        }, CancellationToken.None);

        Assert.Equal(SessionChange.TooLarge, refused.Outcome);
        Assert.Equal(SessionChange.Changed, accepted.Outcome);
    }

    /// <summary>Holds the next replace of <paramref name="key"/> until the returned gate is opened; signals when it is held.</summary>
    private (Task Held, TaskCompletionSource Open) HoldNextReplace(string key)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.BeforeReplace = record =>
        {
            if (record.Key == key && held.TrySetResult())
            {
                Assert.True(open.Task.Wait(TimeSpan.FromSeconds(10)));
            }
        };
        return (held.Task, open);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> changes to the session wait behind the write in progress:
    /// on a busy machine a change started on the thread pool may arrive late, and a group is what
    /// has arrived when the writer's turn comes.
    /// </summary>
    private async Task WaitingAsync(string key, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_service.WritesWaiting(key) < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"{count} changes did not queue up within 10 s.");
            await Task.Delay(5);
        }
    }

    private Task<SessionUpdate> SetAsync(SessionId id, string key, string json) =>
        Task.Run(() => _service.UpdateAsync(id, create: true, session =>
        {
            session.Values = SessionJson.Set(session.Values, key, Encoding.UTF8.GetBytes(json));
            return SessionChange.Changed;
        }, CancellationToken.None));

    [Fact]
    public async Task WritesQueuedBehindAWriteAreAppliedTogetherInArrivalOrderWithOneReadAndOneReplace()
    {
        var id = await CreateAsync();
        var (held, open) = HoldNextReplace(id.Key);
        var first = SetAsync(id, "k", "1");
        await held;
        var queued = new List<Task<SessionUpdate>>();
        foreach (var value in new[] { "2", "3", "4" })
        {
            queued.Add(SetAsync(id, "k", value));
            await WaitingAsync(id.Key, queued.Count);
        }
        queued.Add(SetAsync(id, "other", "5"));
        await WaitingAsync(id.Key, queued.Count);
        _store.ResetCounts();

        open.SetResult();
        var updates = await Task.WhenAll(queued.Prepend(first));

        Assert.All(updates, update => Assert.Equal(SessionChange.Changed, update.Outcome));
        // The held write's replace, then one read and one replace for the four queued changes.
        Assert.Equal((1, 2), (_store.Reads, _store.Writes));
        var stored = await _service.LoadAsync(id, CancellationToken.None);
        Assert.Equal("""{"a":1,"k":4,"other":5}""", Encoding.UTF8.GetString(stored!.Values));
    }

    [Fact]
    public async Task AChangeThatWouldMakeTheSessionTooLargeIsRefusedAloneWhileTheRestOfItsGroupIsWritten()
    {
        _options.MaxAnonymousSessionBytes = 2048;
        var id = await CreateAsync();
        var (held, open) = HoldNextReplace(id.Key);
        var first = SetAsync(id, "x", "1");
        await held;
        var before = SetAsync(id, "y", "2");
        await WaitingAsync(id.Key, 1);
        var tooLarge = SetAsync(id, "big", "\"" + new string('z', 4000) + "\"");
        await WaitingAsync(id.Key, 2);
        var after = SetAsync(id, "w", "3");
        await WaitingAsync(id.Key, 3);

        open.SetResult();

        Assert.Equal(SessionChange.Changed, (await first).Outcome);
        Assert.Equal(SessionChange.Changed, (await before).Outcome);
        Assert.Equal(SessionChange.TooLarge, (await tooLarge).Outcome);
        Assert.Equal(SessionChange.Changed, (await after).Outcome);
        var stored = await _service.LoadAsync(id, CancellationToken.None);
        Assert.Equal("""{"a":1,"x":1,"y":2,"w":3}""", Encoding.UTF8.GetString(stored!.Values));
    }

    [Fact]
    public async Task AGroupThatConflictsWithAnotherInstanceIsReadAndAppliedAgainWhole()
    {
        var id = await CreateAsync();
        var (held, open) = HoldNextReplace(id.Key);
        var first = SetAsync(id, "x", "1");
        await held;
        // One at a time, so the group's arrival order (y, then z) is the order the test expects.
        var y = SetAsync(id, "y", "2");
        await WaitingAsync(id.Key, 1);
        var z = SetAsync(id, "z", "3");
        await WaitingAsync(id.Key, 2);
        var group = new[] { y, z };
        var interfered = 0;
        _store.BeforeReplace = record =>
        {
            if (record.Key == id.Key && Encoding.UTF8.GetString(record.Values).Contains("\"y\"", StringComparison.Ordinal)
                && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                // Another instance writes between the group's read and its replace.
                var current = _store.All.Single(s => s.Key == id.Key);
                current.Values = SessionJson.Set(current.Values, "ext", "9"u8.ToArray());
                _store.WriteBehindTheServicesBack(current);
            }
        };

        open.SetResult();
        await first;
        // The group pauses on the fake clock before it tries again: move the clock until it is done.
        for (var i = 0; i < 200 && !group.All(t => t.IsCompleted); i++)
        {
            _time.Advance(SessionService.MaxRetryPause);
            await Task.Delay(10);
        }
        var updates = await Task.WhenAll(group);

        Assert.Equal(1, interfered);
        Assert.All(updates, update => Assert.Equal(SessionChange.Changed, update.Outcome));
        var stored = await _service.LoadAsync(id, CancellationToken.None);
        Assert.Equal("""{"a":1,"x":1,"ext":9,"y":2,"z":3}""", Encoding.UTF8.GetString(stored!.Values));
    }
}
