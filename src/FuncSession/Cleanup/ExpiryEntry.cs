namespace FuncSession.Cleanup;

/// <summary>One expiry-index entry: the session <paramref name="SessionKey"/> was indexed in <paramref name="Partition"/>.</summary>
internal readonly record struct ExpiryEntry(string Partition, string SessionKey);
