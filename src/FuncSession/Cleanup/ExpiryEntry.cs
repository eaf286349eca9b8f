namespace FuncSession.Cleanup;

/// <summary>
/// One expiry-index entry: the session <paramref name="SessionKey"/> was indexed in <paramref name="Partition"/>,
/// on behalf of the user <paramref name="UserKey"/> (null for an anonymous session, and for entries written
/// before entries named their user).
/// </summary>
internal readonly record struct ExpiryEntry(string Partition, string SessionKey, string? UserKey = null);
