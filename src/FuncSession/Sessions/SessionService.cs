using FuncSession.Security;
using FuncSession.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Sessions;

/// <summary>
/// The session lifecycle: load, change, end, and rotate at login. Reads are one storage call (plus
/// a rare refresh of the sliding expiry); writes are read, apply, replace-if-unchanged, retried on
/// conflict, so concurrent writers never lose each other's changes. Writes to one session on one
/// instance take turns, so they do not waste storage calls on conflicts among themselves.
/// Every multi-step operation here is ordered so that a stop after any step leaves nothing a client
/// can use that contradicts what it was told; docs/design.md walks through each order.
/// </summary>
internal sealed partial class SessionService(
    ISessionStore store,
    IUserSessionIndex userSessions,
    SessionTokenCodec codec,
    ExpiryIndex expiryIndex,
    SessionRules rules,
    IOptions<SessionOptions> options,
    TimeProvider time,
    FuncSessionMetrics metrics,
    ILogger<SessionService> logger)
{
    /// <summary>The longest pause before a write tries again after a conflict.</summary>
    internal static readonly TimeSpan MaxRetryPause = TimeSpan.FromMilliseconds(320);

    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(10);

    private readonly SessionOptions _options = options.Value;
    private readonly SessionWriteGate _writeGate = new(time);
    private readonly WriteQueue _waiting = new();

    /// <summary>The usable session named by <paramref name="id"/>, or null when it is absent, expired or rotated away.</summary>
    public async Task<SessionRecord?> LoadAsync(SessionId id, CancellationToken cancellationToken)
    {
        var session = await store.GetAsync(id.Key, cancellationToken);
        var now = time.GetUtcNow();
        metrics.SessionSeen(session, now);
        if (session is null || !SessionRules.IsUsable(session, now))
        {
            return null;
        }
        return rules.RefreshedIfWorthWriting(session, now) is { } refreshed && await TouchAsync(refreshed, cancellationToken)
            ? refreshed
            : session;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the session named by <paramref name="id"/>. Writes to one
    /// session on this instance take turns (waiting at most <see cref="SessionOptions.WriteQueueTimeout"/>),
    /// and the changes that queued up behind a write are applied together, in arrival order, in the
    /// next read and replace (group commit): each is acknowledged only once that replace succeeded.
    /// When a writer elsewhere got there first, the group pauses briefly, re-reads and re-applies,
    /// at most <see cref="SessionOptions.MaxWriteAttempts"/> times. When there is no usable session,
    /// the changes with <paramref name="create"/> set go to one new session with a new id; the
    /// others are not applied.
    /// </summary>
    public async Task<SessionUpdate> UpdateAsync(
        SessionId? id, bool create, Func<SessionRecord, SessionChange> change, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(create, change);
        if (id is not { } known)
        {
            await WriteGroupAsync(null, [write], cancellationToken);
            return metrics.SessionWritten(await write.Outcome);
        }

        _waiting.Add(known.Key, write);
        SessionWriteGate.Turn turn;
        try
        {
            turn = await _writeGate.EnterAsync(known.Key, _options.WriteQueueTimeout, cancellationToken);
        }
        catch (Exception) when (!_waiting.TryWithdraw(known.Key, write))
        {
            // A writer already took this change into its group: its outcome is that group's.
            return metrics.SessionWritten(await write.Outcome);
        }
        using (turn)
        {
            if (!write.Outcome.IsCompleted)
            {
                var group = _waiting.TakeAll(known.Key);
                if (group.Count > 0)
                {
                    await WriteGroupAsync(known, group, cancellationToken);
                }
            }
        }
        return metrics.SessionWritten(await write.Outcome);
    }

    /// <summary>How many changes to session <paramref name="key"/> wait on this instance for the write in progress.</summary>
    internal int WritesWaiting(string key) => _waiting.Count(key);

    /// <summary>Writes <paramref name="group"/> and completes each of its changes; a failure fails them all.</summary>
    private async Task WriteGroupAsync(SessionId? id, List<PendingWrite> group, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await WriteAsync(id, group, cancellationToken);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Complete(outcomes[i]);
            }
        }
        catch (Exception ex)
        {
            group.ForEach(write => write.Fail(ex));
        }
    }

    private async Task<SessionUpdate[]> WriteAsync(SessionId? id, List<PendingWrite> group, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(RetryPause(attempt - 1), time, cancellationToken);
            }
            var current = id is { } known ? await store.GetAsync(known.Key, cancellationToken) : null;
            var now = time.GetUtcNow();
            metrics.SessionSeen(current, now);
            if (current is null || !SessionRules.IsUsable(current, now))
            {
                if (await TryCreateAsync(group, now, cancellationToken) is { } created)
                {
                    return created;
                }
                continue;
            }

            var (session, outcomes) = Apply(current.Clone(), group);
            if (!outcomes.Contains(SessionChange.Changed))
            {
                return [.. outcomes.Select(outcome => new SessionUpdate(current, null, outcome))];
            }

            rules.Refresh(session, now);
            await IndexAsync(session, cancellationToken);
            // Missing as well as Conflict means: read again. A session ended or rotated meanwhile is then
            // no longer usable, and the write goes to a new session the client is told about.
            if (await store.ReplaceAsync(session, cancellationToken) == WriteOutcome.Written)
            {
                return [.. outcomes.Select(outcome => new SessionUpdate(outcome == SessionChange.TooLarge ? current : session, null, outcome))];
            }
            Log.WriteConflict(logger, attempt);
            metrics.WriteConflict();
        }

        throw new SessionConflictException(_options.MaxWriteAttempts);
    }

    /// <summary>
    /// Applies the changes in order. A change that would make the session too large is undone and
    /// answered <see cref="SessionChange.TooLarge"/> on its own; the others go on. With
    /// <paramref name="onlyCreating"/>, changes that may not start a session are left out (Unchanged).
    /// </summary>
    private (SessionRecord Session, SessionChange[] Outcomes) Apply(SessionRecord session, IReadOnlyList<PendingWrite> group, bool onlyCreating = false)
    {
        var outcomes = new SessionChange[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            if (onlyCreating && !group[i].Create)
            {
                outcomes[i] = SessionChange.Unchanged;
                continue;
            }
            var before = session.Clone();
            outcomes[i] = group[i].Change(session);
            if (outcomes[i] == SessionChange.TooLarge || (outcomes[i] == SessionChange.Changed && session.Values.Length > rules.MaxBytes(session)))
            {
                outcomes[i] = SessionChange.TooLarge;
                session = before;
            }
        }
        return (session, outcomes);
    }

    /// <summary>
    /// Ends the session named by <paramref name="id"/>, whatever state it is in. Returns the session
    /// when it was usable until now, else null.
    /// </summary>
    public async Task<SessionRecord?> EndAsync(SessionId id, CancellationToken cancellationToken)
    {
        var session = await store.GetAsync(id.Key, cancellationToken);
        if (session is null)
        {
            return null;
        }
        await EndAsync(session.Key, session.UserKey, cancellationToken);
        return SessionRules.IsUsable(session, time.GetUtcNow()) ? session : null;
    }

    /// <summary>
    /// Ends the session stored under <paramref name="key"/>: first the session itself, unconditionally
    /// (ending wins over any concurrent write), then its entry in its user's list. A stop between the
    /// two leaves an entry that points at nothing, which the list and the sweep drop; never a usable
    /// session that its user's list no longer shows.
    /// </summary>
    public async Task EndAsync(string key, string? userKey, CancellationToken cancellationToken)
    {
        metrics.SessionEnded(await store.DeleteAsync(key, version: null, cancellationToken));
        if (userKey is not null)
        {
            await userSessions.RemoveAsync(userKey, key, cancellationToken);
        }
    }

    /// <summary>
    /// Logs <paramref name="user"/> in on a session with a NEW id, so the id the client came with
    /// (planted by an attacker or not) is worth nothing afterwards. The values of that session carry
    /// over when it is anonymous or already the same user's, and none is lost: every write
    /// acknowledged on it before this returns is in the new session.
    /// </summary>
    /// <param name="current">The session the request came with, if any.</param>
    /// <param name="device">Where the login came from, kept in the user's list for "my sessions".</param>
    /// <param name="stillAllowed">
    /// Asked once the old session is retired and before the new one becomes usable; false (for
    /// example: all the user's sessions were ended meanwhile) abandons the login.
    /// </param>
    /// <remarks>
    /// The order, and why a stop after any step is safe:
    /// <list type="number">
    /// <item>Read the current session (following a rotation to its successor when that is the same user's:
    /// a repeated login resumes where the first one stopped).</item>
    /// <item>Index the new key under its expiry bucket and its user.</item>
    /// <item>Add the new session, pending: nobody holds its id, no request and no list sees it, and it
    /// expires within <see cref="SessionRules.RotationWindow"/> unless confirmed.</item>
    /// <item>Rotate the old session, conditional on the version whose values were copied. When a write
    /// came in between, copy again and retry: a write acknowledged on the old session is always in the
    /// copy that wins. From here the old id serves no request.</item>
    /// <item>Check <paramref name="stillAllowed"/>, then confirm the new session: it becomes usable.</item>
    /// <item>Drop the old session from its user's list.</item>
    /// </list>
    /// </remarks>
    public async Task<(SessionRecord Session, SessionId Id)> SignInAsync(
        SessionId? current, string user, string userKey, bool permanent, SessionDevice? device,
        Func<CancellationToken, Task<bool>> stillAllowed, CancellationToken cancellationToken)
    {
        using var turn = current is { } known
            ? await _writeGate.EnterAsync(known.Key, _options.WriteQueueTimeout, cancellationToken)
            : default;

        var previous = current is { } presented ? await ResolvePreviousAsync(presented.Key, userKey, cancellationToken) : null;
        var now = time.GetUtcNow();
        var id = codec.NewId();
        var carried = previous is not null && SessionRules.MayCarryValues(previous, userKey) ? previous.Values : SessionRecord.EmptyValues;
        var session = rules.NewLogin(id.Key, carried, user, userKey, permanent, now);

        await IndexAsync(session, cancellationToken);
        await userSessions.AddAsync(userKey, session.Key, now, device, cancellationToken);
        if (await store.AddAsync(session, cancellationToken) != WriteOutcome.Written)
        {
            // 256 random bits collided: unheard of, but never take over someone else's session.
            throw new SessionConflictException(1);
        }

        previous = await RetireAsync(previous, session, userKey, cancellationToken);

        if (!await stillAllowed(cancellationToken))
        {
            await EndAsync(session.Key, userKey, cancellationToken);
            throw new SessionConflictException(1);
        }
        rules.Confirm(session, time.GetUtcNow());
        await IndexAsync(session, cancellationToken);
        if (await store.ReplaceAsync(session, cancellationToken) != WriteOutcome.Written)
        {
            // Ended (all the user's sessions were) or taken over by a repeat of this login: this one lost.
            throw new SessionConflictException(1);
        }

        if (previous?.UserKey is { } previousUser)
        {
            await userSessions.RemoveAsync(previousUser, previous.Key, cancellationToken);
        }
        metrics.SessionCreated();
        return (session, id);
    }

    /// <summary>Makes the session permanent or not, by <see cref="SessionRules.SetPermanent"/> at the present time.</summary>
    public void SetPermanent(SessionRecord session, bool permanent) => rules.SetPermanent(session, permanent, time.GetUtcNow());

    /// <summary>
    /// The session a login starts from: the usable session stored under <paramref name="key"/>; or,
    /// when an earlier login of the same user rotated it and stopped before its client heard back,
    /// that login's successor (pending or usable), so a repeated login finds the values again.
    /// </summary>
    private async Task<SessionRecord?> ResolvePreviousAsync(string key, string userKey, CancellationToken cancellationToken)
    {
        var session = await store.GetAsync(key, cancellationToken);
        var now = time.GetUtcNow();
        if (session is null || SessionRules.HasExpired(session, now))
        {
            return null;
        }
        if (session.RotatedTo is { } successorKey)
        {
            var successor = await store.GetAsync(successorKey, cancellationToken);
            return successor is not null && successor.UserKey == userKey && successor.RotatedTo is null && !SessionRules.HasExpired(successor, now)
                ? successor
                : null;
        }
        return session.Pending ? null : session;
    }

    /// <summary>
    /// Step 4 of a login: rotates <paramref name="previous"/> to <paramref name="successor"/>,
    /// conditional on the version whose values the successor carries. On a conflict it reads again,
    /// copies the newer values into the (still pending) successor, and retries. Returns the session
    /// that was retired, or null when there was none left to retire.
    /// </summary>
    private async Task<SessionRecord?> RetireAsync(
        SessionRecord? previous, SessionRecord successor, string userKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; previous is not null; attempt++)
        {
            var retired = previous.Clone();
            SessionRules.Rotate(retired, successor.Key, time.GetUtcNow());
            await IndexAsync(retired, cancellationToken);
            if (await store.ReplaceAsync(retired, cancellationToken) == WriteOutcome.Written)
            {
                return retired;
            }
            if (attempt >= _options.MaxWriteAttempts)
            {
                await EndAsync(successor.Key, userKey, cancellationToken);
                throw new SessionConflictException(attempt);
            }

            Log.RotationConflict(logger, attempt);
            metrics.WriteConflict();
            var fresh = await store.GetAsync(previous.Key, cancellationToken);
            if (fresh is null || fresh.RotatedTo is not null || SessionRules.HasExpired(fresh, time.GetUtcNow()))
            {
                // Ended, or retired by another login meanwhile: nothing is left to move or to retire.
                return null;
            }
            if (SessionRules.MayCarryValues(fresh, userKey) && !fresh.Values.AsSpan().SequenceEqual(successor.Values))
            {
                successor.Values = fresh.Values;
                if (await store.ReplaceAsync(successor, cancellationToken) != WriteOutcome.Written)
                {
                    throw new SessionConflictException(attempt);
                }
            }
            previous = fresh;
        }
        return null;
    }

    /// <summary>
    /// There is no usable session: the changes that may create one go to one new session with a new
    /// id; the others are not applied. Null when the new id happened to exist already (try again).
    /// </summary>
    private async Task<SessionUpdate[]?> TryCreateAsync(List<PendingWrite> group, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = codec.NewId();
        var (session, outcomes) = Apply(rules.NewSession(id.Key, now), group, onlyCreating: true);
        if (!outcomes.Contains(SessionChange.Changed))
        {
            return [.. outcomes.Select(outcome => new SessionUpdate(null, null, outcome))];
        }

        // The changes may have made the session permanent: its expiry follows from that.
        rules.Refresh(session, now);
        await IndexAsync(session, cancellationToken);
        if (await store.AddAsync(session, cancellationToken) != WriteOutcome.Written)
        {
            return null;
        }
        return [.. group.Zip(outcomes).Select(result => result.First.Create && result.Second != SessionChange.TooLarge
            ? new SessionUpdate(session, id, result.Second)
            : new SessionUpdate(null, null, result.Second))];
    }

    /// <summary>
    /// Writes the refreshed expiry. Best effort: the read already succeeded, so a conflict (another
    /// request wrote, and every write refreshes) or a storage fault only means the next read tries again.
    /// </summary>
    private async Task<bool> TouchAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        try
        {
            await IndexAsync(session, cancellationToken);
            if (await store.ReplaceAsync(session, cancellationToken) == WriteOutcome.Written)
            {
                return true;
            }
            Log.TouchSkipped(logger);
        }
        catch (StorageUnavailableException ex)
        {
            Log.TouchFailed(logger, ex.Message);
        }
        return false;
    }

    /// <summary>Indexes the session under its expiry bucket before the session is written, so no session goes unswept.</summary>
    private async Task IndexAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var bucket = expiryIndex.PartitionFor(session.ExpiresAt, session.Key);
        if (bucket != session.IndexBucket)
        {
            await store.IndexExpiryAsync(bucket, session.Key, session.UserKey, cancellationToken);
            session.IndexBucket = bucket;
        }
    }

    /// <summary>
    /// A random pause before the write's next attempt after <paramref name="conflicts"/> conflicts:
    /// between half of a bound and the bound, which doubles each time (10 ms, 20 ms, ... 320 ms).
    /// Writers on different instances that keep colliding spread out instead of colliding again at once.
    /// </summary>
    internal static TimeSpan RetryPause(int conflicts)
    {
        var bound = FirstRetryPause * Math.Pow(2, Math.Min(conflicts - 1, 16));
        return (bound < MaxRetryPause ? bound : MaxRetryPause) * (0.5 + Random.Shared.NextDouble() / 2);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.WriteConflict, LogLevel.Debug, "Session write conflicted with another writer (attempt {Attempt}); re-reading.")]
        public static partial void WriteConflict(ILogger logger, int attempt);

        [LoggerMessage(LogEvents.TouchSkipped, LogLevel.Debug, "Expiry refresh skipped: the session was written by another request.")]
        public static partial void TouchSkipped(ILogger logger);

        [LoggerMessage(LogEvents.TouchFailed, LogLevel.Warning, "Expiry refresh failed; the next read retries it: {Reason}")]
        public static partial void TouchFailed(ILogger logger, string reason);

        [LoggerMessage(LogEvents.RotationConflict, LogLevel.Debug, "A write reached the session being logged in from (attempt {Attempt}); copying its values again.")]
        public static partial void RotationConflict(ILogger logger, int attempt);
    }
}
