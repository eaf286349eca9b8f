namespace FuncSession.Sessions;

/// <summary>
/// The storage the session service needs, and nothing more. Failures of the storage service
/// itself surface as <see cref="StorageUnavailableException"/>.
/// </summary>
internal interface ISessionStore
{
    /// <summary>One point read; null when there is no such session.</summary>
    Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Adds a new session; <see cref="WriteOutcome.Conflict"/> if the key exists. Sets <see cref="SessionRecord.Version"/>.</summary>
    Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Replaces the session if it is still at <see cref="SessionRecord.Version"/>. Sets the new version.</summary>
    Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Deletes the session; at <paramref name="version"/> only, or whatever its version when null.</summary>
    Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the session <paramref name="key"/> expires in the expiry bucket <paramref name="bucket"/>,
    /// and whose it is (<paramref name="userKey"/>, null when anonymous), so a sweep can still clean the
    /// user's index after the session itself is gone.
    /// </summary>
    Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken);

    /// <summary>Asks storage for something cheap; throws when it does not answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
