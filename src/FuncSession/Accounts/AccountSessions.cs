using FuncSession.Sessions;
using Microsoft.Extensions.Options;

namespace FuncSession.Accounts;

/// <summary>
/// The sessions of one user, found through the UserSessions index: listed a page at a time (usable
/// ones only, stale index entries are dropped on the way), ended one by one through their opaque
/// handles, all but the asking one (a password change), or all at once. Ending goes through <see cref="SessionService.EndAsync(string, string?, CancellationToken)"/>,
/// the one place a session ends.
/// </summary>
internal sealed class AccountSessions(
    ISessionStore store,
    IUserSessionIndex index,
    IUserStore users,
    SessionService sessions,
    SessionHandles handles,
    IOptions<AccountOptions> options,
    TimeProvider time)
{
    private readonly int _maxSessions = options.Value.MaxSessionsPerUser;

    private const int Parallelism = 8;

    /// <summary>How often "log out everywhere" tries to count itself on the user before it goes on regardless.</summary>
    private const int EpochAttempts = 5;

    /// <summary>A login indexes its session just before writing it; an entry this young without a session may be one in flight.</summary>
    internal static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A cursor that sorts before every handle (base64url's '-' sorts before its letters and digits):
    /// the next page of a first page that held only the asking session starts from the beginning.
    /// </summary>
    internal static readonly string FirstCursor = new('-', SessionHandles.HandleChars);

    /// <summary>
    /// One page of the user's usable sessions, read without refreshing their expiry. The first page
    /// starts with <paramref name="current"/>, the asking session; then the others follow in the order
    /// of their handles (stable while sessions come and go, unlike last use). <paramref name="after"/>
    /// is the cursor the previous page handed out (null for the first page); Next is the cursor for
    /// the page after, or null when this is the last one. A page costs one partition query and about
    /// <paramref name="limit"/> point reads.
    /// </summary>
    public async Task<(IReadOnlyList<(UserSessionEntry Entry, SessionRecord Session)> Page, string? Next)> PageAsync(
        string userKey, SessionRecord current, string? after, int limit, CancellationToken cancellationToken)
    {
        var all = await index.ListAsync(userKey, cancellationToken);
        var page = new List<(UserSessionEntry, SessionRecord)>(limit);
        if (after is null)
        {
            var entry = all.FirstOrDefault(e => e.SessionKey == current.Key);
            page.Add((entry.SessionKey is null ? new UserSessionEntry(current.Key, current.CreatedAt) : entry, current));
        }
        var entries = all
            .Where(entry => entry.SessionKey != current.Key)
            .Select(entry => (Handle: handles.For(userKey, entry.SessionKey), Entry: entry))
            .Where(item => after is null || string.CompareOrdinal(item.Handle, after) > 0)
            .OrderBy(item => item.Handle, StringComparer.Ordinal)
            .ToList();
        var lastHandle = after ?? FirstCursor;
        var lastIndex = -1;
        for (var start = 0; start < entries.Count && page.Count < limit; start += limit)
        {
            var chunk = entries.Skip(start).Take(limit).ToList();
            var live = await UsableAsync(userKey, [.. chunk.Select(item => item.Entry)], cancellationToken);
            for (var i = 0; i < chunk.Count && page.Count < limit; i++)
            {
                lastIndex = start + i;
                if (live[i] is { } session)
                {
                    page.Add((chunk[i].Entry, session));
                    lastHandle = chunk[i].Handle;
                }
            }
        }
        var next = page.Count == limit && lastIndex < entries.Count - 1 ? lastHandle : null;
        return (page, next);
    }

    /// <summary>
    /// For each entry, its usable session or null. Entries of expired sessions, and entries without a
    /// session older than <see cref="InFlightGrace"/>, are removed on the way.
    /// </summary>
    private async Task<SessionRecord?[]> UsableAsync(string userKey, IReadOnlyList<UserSessionEntry> entries, CancellationToken cancellationToken)
    {
        var found = new SessionRecord?[entries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count), Options(cancellationToken),
            async (i, ct) => found[i] = await store.GetAsync(entries[i].SessionKey, ct));

        var now = time.GetUtcNow();
        var live = new SessionRecord?[entries.Count];
        var stale = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (found[i] is { } session && session.UserKey == userKey)
            {
                if (SessionRules.IsUsable(session, now))
                {
                    live[i] = session;
                }
                else if (SessionRules.HasExpired(session, now))
                {
                    // The sweep deletes the session itself.
                    stale.Add(entries[i].SessionKey);
                }
                // Otherwise pending (a login in flight) or rotated (a login just finished): not shown, entry kept.
            }
            else if (entries[i].IndexedAt < now - InFlightGrace)
            {
                stale.Add(entries[i].SessionKey);
            }
        }
        await Parallel.ForEachAsync(stale, Options(cancellationToken), async (key, ct) => await index.RemoveAsync(userKey, key, ct));
        return live;
    }

    /// <summary>Ends the user's session named by <paramref name="handle"/>; its storage key, or null when it is not one of the user's.</summary>
    public async Task<string?> EndAsync(string userKey, string handle, CancellationToken cancellationToken)
    {
        if (handle.Length != SessionHandles.HandleChars)
        {
            return null;
        }
        var entries = await index.ListAsync(userKey, cancellationToken);
        var match = entries.Select(e => e.SessionKey).FirstOrDefault(key => handles.Matches(handle, userKey, key));
        if (match is null)
        {
            return null;
        }
        await sessions.EndAsync(match, userKey, cancellationToken);
        return match;
    }

    /// <summary>
    /// Ends every session of the user, including one whose login is in flight: first the user's
    /// session epoch moves on (a login that began before does not finish), then every session in the
    /// user's list ends, <paramref name="currentKey"/> last. A login in flight either added its entry
    /// before the list was read (and its session is ended here) or checks the epoch after it moved
    /// (and gives up). Ending the asking session last means a run that stops halfway can be repeated
    /// with the same credential.
    /// </summary>
    public async Task EndAllAsync(string userKey, string currentKey, CancellationToken cancellationToken)
    {
        await AdvanceEpochAsync(userKey, cancellationToken);
        await EndOthersAsync(userKey, currentKey, cancellationToken);
        await sessions.EndAsync(currentKey, userKey, cancellationToken);
    }

    /// <summary>
    /// Ends every session in the user's list but <paramref name="currentKey"/>. The caller has moved
    /// the user's session epoch on before (with "log out everywhere", a password change or a
    /// deletion), so a login in flight either indexed its session before this reads the list (and it
    /// ends here) or fails its epoch check (and gives up).
    /// </summary>
    public async Task EndOthersAsync(string userKey, string currentKey, CancellationToken cancellationToken)
    {
        var others = (await index.ListAsync(userKey, cancellationToken)).Where(entry => entry.SessionKey != currentKey);
        await Parallel.ForEachAsync(others, Options(cancellationToken),
            async (entry, ct) => await sessions.EndAsync(entry.SessionKey, userKey, ct));
    }

    /// <summary>
    /// The list part of deleting an account whose record is a tombstone already: ends every session
    /// but <paramref name="currentKey"/>, then removes every entry of the user's list that is left,
    /// the asking session's included (entries of sessions that are gone, which ending does not
    /// visit). The asking session itself stays usable, so that a stop anywhere before
    /// <see cref="EndDeletedCurrentAsync"/> leaves the client able to repeat the request; no list of
    /// a deleted account is ever shown, so its entry may go first.
    /// </summary>
    public async Task EndAllOfDeletedAsync(string userKey, string currentKey, CancellationToken cancellationToken)
    {
        await EndOthersAsync(userKey, currentKey, cancellationToken);
        var left = await index.ListAsync(userKey, cancellationToken);
        await Parallel.ForEachAsync(left, Options(cancellationToken),
            async (entry, ct) => await index.RemoveAsync(userKey, entry.SessionKey, ct));
    }

    /// <summary>
    /// The last step of a deletion: ends the asking session, whose list entry is gone already, in
    /// one storage call, so that a stop leaves nothing of the user's behind.
    /// </summary>
    public Task EndDeletedCurrentAsync(string currentKey, CancellationToken cancellationToken) =>
        sessions.EndAsync(currentKey, userKey: null, cancellationToken);

    /// <summary>Ends the asking session and its list entry.</summary>
    public Task EndCurrentAsync(string userKey, string currentKey, CancellationToken cancellationToken) =>
        sessions.EndAsync(currentKey, userKey, cancellationToken);

    /// <summary>
    /// Keeps the user within <see cref="AccountOptions.MaxSessionsPerUser"/>: when the list holds more
    /// entries, the oldest are ended (never <paramref name="keepKey"/>, the login that just happened).
    /// Entries that point at nothing count too and are removed on the way, so the cap errs on the
    /// side of ending. One partition query per login; deletes only past the cap.
    /// </summary>
    public async Task EnforceLimitAsync(string userKey, string keepKey, CancellationToken cancellationToken)
    {
        var entries = await index.ListAsync(userKey, cancellationToken);
        if (entries.Count <= _maxSessions)
        {
            return;
        }
        var oldest = entries
            .Where(entry => entry.SessionKey != keepKey)
            .OrderBy(entry => entry.IndexedAt)
            .Take(entries.Count - _maxSessions);
        await Parallel.ForEachAsync(oldest, Options(cancellationToken),
            async (entry, ct) => await sessions.EndAsync(entry.SessionKey, userKey, ct));
    }

    /// <summary>True while no "log out everywhere" of the user has begun since <paramref name="epoch"/> was read.</summary>
    public async Task<bool> IsEpochCurrentAsync(string userKey, long epoch, CancellationToken cancellationToken) =>
        await users.GetAsync(userKey, cancellationToken) is { } user && user.SessionEpoch == epoch;

    public string HandleOf(SessionRecord session) => handles.For(session.UserKey!, session.Key);

    private async Task AdvanceEpochAsync(string userKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= EpochAttempts; attempt++)
        {
            if (await users.GetAsync(userKey, cancellationToken) is not { } user)
            {
                return;
            }
            user.SessionEpoch++;
            if (await users.ReplaceAsync(user, cancellationToken) != WriteOutcome.Conflict)
            {
                return;
            }
        }
        throw new AccountBusyException("session epoch", EpochAttempts);
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
}
