using Microsoft.Extensions.Options;

namespace FuncSession.Sessions;

/// <summary>
/// The rules of a session's life, each written once: when a session serves requests, when it is
/// gone for good, how a new one starts, how use moves its expiry, what making it permanent does,
/// and the two states a login passes through (pending, rotated). The session service, the accounts
/// code and the sweep all ask here; none of them compares expiry times itself.
/// </summary>
internal sealed class SessionRules(IOptions<SessionOptions> options)
{
    /// <summary>
    /// How long a login's pending session, and the rotated session it replaces, stay in storage:
    /// long enough for the login to finish or be repeated, short enough that a login that never
    /// finished leaves nothing for long.
    /// </summary>
    public static readonly TimeSpan RotationWindow = TimeSpan.FromMinutes(5);

    private readonly SessionOptions _options = options.Value;

    /// <summary>True when the session serves requests at <paramref name="now"/>: not expired, not pending, not rotated away.</summary>
    public static bool IsUsable(SessionRecord session, DateTimeOffset now) =>
        !session.Pending && session.RotatedTo is null && session.ExpiresAt > now;

    /// <summary>True when the session is over for good at <paramref name="now"/>, whatever state it was in: the sweep may delete it.</summary>
    public static bool HasExpired(SessionRecord session, DateTimeOffset now) => HasExpired(session.ExpiresAt, now);

    /// <summary>True when a session that expires at <paramref name="expiresAt"/> is over for good at <paramref name="now"/>.</summary>
    public static bool HasExpired(DateTimeOffset expiresAt, DateTimeOffset now) => expiresAt <= now;

    /// <summary>A new anonymous session, not yet stored.</summary>
    public SessionRecord NewSession(string key, DateTimeOffset now)
    {
        var session = new SessionRecord
        {
            Key = key,
            CreatedAt = now,
            AbsoluteExpiresAt = now + _options.AbsoluteTimeout,
        };
        Refresh(session, now);
        return session;
    }

    /// <summary>
    /// A login's new session, pending: it carries <paramref name="values"/> and the user, and expires
    /// at the end of the rotation window unless <see cref="Confirm"/> gives it its real lifetime.
    /// </summary>
    public SessionRecord NewLogin(string key, byte[] values, string user, string userKey, bool permanent, DateTimeOffset now) => new()
    {
        Key = key,
        Values = values,
        User = user,
        UserKey = userKey,
        AuthenticatedAt = now,
        CreatedAt = now,
        LastSeenAt = now,
        AbsoluteExpiresAt = now + _options.AbsoluteTimeout,
        Permanent = permanent,
        Pending = true,
        ExpiresAt = now + RotationWindow,
    };

    /// <summary>The login finished: the pending session becomes usable with its real lifetime, which starts now.</summary>
    public void Confirm(SessionRecord session, DateTimeOffset now)
    {
        session.Pending = false;
        Refresh(session, now);
    }

    /// <summary>
    /// A login moved this session's client to <paramref name="successor"/>: the session no longer
    /// serves requests, gives its values up, and stays only for the rotation window, so that the
    /// same login repeated with the old id can find its successor.
    /// </summary>
    public static void Rotate(SessionRecord session, string successor, DateTimeOffset now)
    {
        session.RotatedTo = successor;
        session.Values = SessionRecord.EmptyValues;
        session.ExpiresAt = now + RotationWindow;
    }

    /// <summary>
    /// Moves the sliding expiry to its new place after a use at <paramref name="now"/>: the permanent
    /// lifetime, or the idle timeout bounded by the absolute timeout, and never past the session's
    /// creation plus <see cref="SessionOptions.MaxLifetime"/>.
    /// </summary>
    public void Refresh(SessionRecord session, DateTimeOffset now)
    {
        session.LastSeenAt = now;
        var sliding = session.Permanent
            ? now + _options.PermanentLifetime
            : Min(now + _options.IdleTimeout, session.AbsoluteExpiresAt);
        session.ExpiresAt = Min(sliding, session.CreatedAt + _options.MaxLifetime);
    }

    /// <summary>The largest the session's values may be: less while nobody is logged in to it.</summary>
    public int MaxBytes(SessionRecord? session) =>
        session?.UserKey is null ? _options.MaxAnonymousSessionBytes : _options.MaxSessionBytes;

    /// <summary>
    /// The session as a read at <paramref name="now"/> leaves it, when that moves its expiry by more
    /// than <see cref="SessionOptions.TouchInterval"/> and so is worth writing back; otherwise null.
    /// </summary>
    public SessionRecord? RefreshedIfWorthWriting(SessionRecord session, DateTimeOffset now)
    {
        var refreshed = session.Clone();
        Refresh(refreshed, now);
        return refreshed.ExpiresAt - session.ExpiresAt > _options.TouchInterval ? refreshed : null;
    }

    /// <summary>
    /// Makes the session permanent or not. A session that stops being permanent gets a new absolute
    /// end counted from now, as a new browser session would. The new expiry takes effect at the
    /// next <see cref="Refresh"/>, which every write makes.
    /// </summary>
    public void SetPermanent(SessionRecord session, bool permanent, DateTimeOffset now)
    {
        if (session.Permanent == permanent)
        {
            return;
        }
        session.Permanent = permanent;
        if (!permanent)
        {
            session.AbsoluteExpiresAt = now + _options.AbsoluteTimeout;
        }
    }

    /// <summary>True when the values of <paramref name="previous"/> may move into a login of <paramref name="userKey"/>.</summary>
    public static bool MayCarryValues(SessionRecord previous, string userKey) =>
        previous.UserKey is null || previous.UserKey == userKey;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
