namespace FuncSession.Cleanup;

/// <summary>What a sweep reads of a session to decide whether it may delete it.</summary>
/// <param name="Key">The session key.</param>
/// <param name="ExpiresAt">When the session expires if it is not used again.</param>
/// <param name="IndexBucket">The expiry-index partition the session's current expiry is indexed in.</param>
/// <param name="UserKey">The logged-in user's key, whose index also lists the session; null when anonymous.</param>
/// <param name="Version">The storage version (ETag) that was read; the delete is conditional on it.</param>
internal sealed record SweepCandidate(string Key, DateTimeOffset ExpiresAt, string? IndexBucket, string? UserKey, string Version);
