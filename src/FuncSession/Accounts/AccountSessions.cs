using FuncSession.Sessions;

namespace FuncSession.Accounts;

/// <summary>
/// The sessions of one user, found through the UserSessions index: listed (live ones only, stale
/// index entries are dropped on the way), ended one by one through their opaque handles, or all at once.
/// </summary>
internal sealed class AccountSessions(ISessionStore store, IUserSessionIndex index, SessionHandles handles, TimeProvider time)
{
    private const int Parallelism = 8;

    /// <summary>A login indexes its session just before writing it; an entry this young without a session may be one in flight.</summary>
    internal static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(1);

    /// <summary>The user's live sessions, read without refreshing their expiry.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = await index.ListAsync(userKey, cancellationToken);
        var found = new SessionRecord?[entries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count), Options(cancellationToken),
            async (i, ct) => found[i] = await store.GetAsync(entries[i].SessionKey, ct));

        var now = time.GetUtcNow();
        var live = new List<SessionRecord>(entries.Count);
        var stale = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (found[i] is { } session && session.UserKey == userKey)
            {
                if (session.ExpiresAt > now)
                {
                    live.Add(session);
                }
                else
                {
                    // Expired: the cleanup deletes the session itself.
                    stale.Add(entries[i].SessionKey);
                }
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
        await EndOneAsync(userKey, match, cancellationToken);
        return match;
    }

    /// <summary>Ends every session of the user.</summary>
    public async Task EndAllAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = await index.ListAsync(userKey, cancellationToken);
        await Parallel.ForEachAsync(entries, Options(cancellationToken), async (entry, ct) => await EndOneAsync(userKey, entry.SessionKey, ct));
    }

    public string HandleOf(SessionRecord session) => handles.For(session.UserKey!, session.Key);

    /// <summary>The session first, so a failure halfway leaves an index entry to retry with, never a session nobody can find.</summary>
    private async Task EndOneAsync(string userKey, string sessionKey, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(sessionKey, version: null, cancellationToken);
        await index.RemoveAsync(userKey, sessionKey, cancellationToken);
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
}
