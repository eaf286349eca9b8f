using FuncSession.Security;
using FuncSession.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Sessions;

/// <summary>
/// Reads, changes and ends sessions. Reads are one storage call (plus a rare refresh of the
/// sliding expiry); writes are read, apply, replace-if-unchanged, retried on conflict, so
/// concurrent writers never lose each other's changes. Writes to one session on one instance
/// take turns, so they do not waste storage calls on conflicts among themselves.
/// </summary>
internal sealed partial class SessionService(
    ISessionStore store,
    IUserSessionIndex userSessions,
    SessionTokenCodec codec,
    ExpiryIndex expiryIndex,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionService> logger)
{
    /// <summary>The longest pause before a write tries again after a conflict.</summary>
    internal static readonly TimeSpan MaxRetryPause = TimeSpan.FromMilliseconds(320);

    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(10);

    private readonly SessionOptions _options = options.Value;
    private readonly SessionWriteGate _writeGate = new(time);

    /// <summary>The live session named by <paramref name="id"/>, or null when it is absent or expired.</summary>
    public async Task<SessionRecord?> LoadAsync(SessionId id, CancellationToken cancellationToken)
    {
        var session = await store.GetAsync(id.Key, cancellationToken);
        var now = time.GetUtcNow();
        if (session is null || session.ExpiresAt <= now)
        {
            return null;
        }

        var refreshed = session.Clone();
        Refresh(refreshed, now);
        if (refreshed.ExpiresAt - session.ExpiresAt > _options.TouchInterval && await TouchAsync(refreshed, cancellationToken))
        {
            return refreshed;
        }
        return session;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the session named by <paramref name="id"/>. Writes to one
    /// session on this instance take turns (waiting at most <see cref="SessionOptions.WriteQueueTimeout"/>);
    /// when a writer elsewhere got there first, the write pauses briefly, re-reads and re-applies,
    /// at most <see cref="SessionOptions.MaxWriteAttempts"/> times. When there is no live session and
    /// <paramref name="create"/> is set, a new session with a new id is created; otherwise the
    /// change is not applied.
    /// </summary>
    public async Task<SessionUpdate> UpdateAsync(
        SessionId? id, bool create, Func<SessionRecord, SessionChange> change, CancellationToken cancellationToken)
    {
        if (id is not { } known)
        {
            return await WriteAsync(null, create, change, cancellationToken);
        }
        using var turn = await _writeGate.EnterAsync(known.Key, _options.WriteQueueTimeout, cancellationToken);
        return await WriteAsync(known, create, change, cancellationToken);
    }

    private async Task<SessionUpdate> WriteAsync(
        SessionId? id, bool create, Func<SessionRecord, SessionChange> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(RetryPause(attempt - 1), time, cancellationToken);
            }
            var current = id is { } known ? await store.GetAsync(known.Key, cancellationToken) : null;
            var now = time.GetUtcNow();
            if (current is null || current.ExpiresAt <= now)
            {
                if (!create)
                {
                    return new SessionUpdate(null, null, SessionChange.Unchanged);
                }
                var created = await TryCreateAsync(change, now, cancellationToken);
                if (created is not null)
                {
                    return created;
                }
                continue;
            }

            var session = current.Clone();
            var outcome = change(session);
            if (outcome != SessionChange.Changed)
            {
                return new SessionUpdate(current, null, outcome);
            }
            if (session.Values.Length > _options.MaxSessionBytes)
            {
                return new SessionUpdate(current, null, SessionChange.TooLarge);
            }

            Refresh(session, now);
            await IndexAsync(session, cancellationToken);
            var written = await store.ReplaceAsync(session, cancellationToken);
            if (written == WriteOutcome.Written)
            {
                return new SessionUpdate(session, null, SessionChange.Changed);
            }
            Log.WriteConflict(logger, attempt);
        }

        throw new SessionConflictException(_options.MaxWriteAttempts);
    }

    /// <summary>
    /// Ends the session: deletes it from storage, and from its user's index when it had a user.
    /// Returns what was deleted, or null when there was nothing live.
    /// </summary>
    public async Task<SessionRecord?> EndAsync(SessionId id, CancellationToken cancellationToken)
    {
        var session = await store.GetAsync(id.Key, cancellationToken);
        if (session is null)
        {
            return null;
        }
        await DeleteAsync(session, cancellationToken);
        return session.ExpiresAt <= time.GetUtcNow() ? null : session;
    }

    /// <summary>
    /// Logs <paramref name="user"/> in: a session with a NEW id, indexed under the user and the
    /// expiry, carrying the values of the <paramref name="current"/> session only when that one is
    /// anonymous or already the same user's; then the current session is deleted, so its id
    /// (planted by an attacker or not) is worth nothing afterwards.
    /// </summary>
    public async Task<(SessionRecord Session, SessionId Id)> SignInAsync(
        SessionId? current, string user, string userKey, bool permanent, CancellationToken cancellationToken)
    {
        var previous = current is { } known ? await store.GetAsync(known.Key, cancellationToken) : null;
        var now = time.GetUtcNow();
        var carry = previous is not null && previous.ExpiresAt > now && (previous.UserKey is null || previous.UserKey == userKey);

        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            var id = codec.NewId();
            var session = new SessionRecord
            {
                Key = id.Key,
                Values = carry ? previous!.Values : SessionRecord.EmptyValues,
                User = user,
                UserKey = userKey,
                AuthenticatedAt = now,
                CreatedAt = now,
                AbsoluteExpiresAt = now + _options.AbsoluteTimeout,
                Permanent = permanent,
            };
            Refresh(session, now);
            await IndexAsync(session, cancellationToken);
            await userSessions.AddAsync(userKey, session.Key, now, cancellationToken);
            if (await store.AddAsync(session, cancellationToken) != WriteOutcome.Written)
            {
                // 256 random bits collided: unheard of, but never overwrite someone else's session.
                await userSessions.RemoveAsync(userKey, session.Key, cancellationToken);
                continue;
            }

            if (previous is not null)
            {
                await DeleteAsync(previous, cancellationToken);
            }
            return (session, id);
        }
        throw new SessionConflictException(_options.MaxWriteAttempts);
    }

    /// <summary>Sets the session's lifetime after a change of <see cref="SessionRecord.Permanent"/>.</summary>
    public void MakePermanent(SessionRecord session, bool permanent)
    {
        if (session.Permanent == permanent)
        {
            return;
        }
        session.Permanent = permanent;
        if (!permanent)
        {
            session.AbsoluteExpiresAt = time.GetUtcNow() + _options.AbsoluteTimeout;
        }
    }

    private async Task<SessionUpdate?> TryCreateAsync(
        Func<SessionRecord, SessionChange> change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = codec.NewId();
        var session = new SessionRecord
        {
            Key = id.Key,
            CreatedAt = now,
            AbsoluteExpiresAt = now + _options.AbsoluteTimeout,
        };
        var outcome = change(session);
        if (outcome == SessionChange.TooLarge || session.Values.Length > _options.MaxSessionBytes)
        {
            return new SessionUpdate(null, null, SessionChange.TooLarge);
        }

        Refresh(session, now);
        await IndexAsync(session, cancellationToken);
        return await store.AddAsync(session, cancellationToken) == WriteOutcome.Written
            ? new SessionUpdate(session, id, SessionChange.Changed)
            : null;
    }

    private async Task DeleteAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(session.Key, version: null, cancellationToken);
        if (session.UserKey is { } userKey)
        {
            await userSessions.RemoveAsync(userKey, session.Key, cancellationToken);
        }
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

    /// <summary>Moves the sliding expiry to its new place after a use at <paramref name="now"/>.</summary>
    private void Refresh(SessionRecord session, DateTimeOffset now)
    {
        session.LastSeenAt = now;
        session.ExpiresAt = session.Permanent
            ? now + _options.PermanentLifetime
            : Min(now + _options.IdleTimeout, session.AbsoluteExpiresAt);
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session write conflicted with another writer (attempt {Attempt}); re-reading.")]
        public static partial void WriteConflict(ILogger logger, int attempt);

        [LoggerMessage(2, LogLevel.Debug, "Expiry refresh skipped: the session was written by another request.")]
        public static partial void TouchSkipped(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Expiry refresh failed; the next read retries it: {Reason}")]
        public static partial void TouchFailed(ILogger logger, string reason);
    }
}
