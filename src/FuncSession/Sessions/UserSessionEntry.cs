namespace FuncSession.Sessions;

/// <summary>One entry of the UserSessions index.</summary>
/// <param name="SessionKey">The session's storage key.</param>
/// <param name="IndexedAt">When the entry was written: just before the session itself.</param>
/// <param name="Device">Where the login came from, when it said (entries written before devices were recorded did not).</param>
internal readonly record struct UserSessionEntry(string SessionKey, DateTimeOffset IndexedAt, SessionDevice? Device = null);
