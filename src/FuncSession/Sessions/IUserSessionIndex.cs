namespace FuncSession.Sessions;

/// <summary>
/// The UserSessions table: which sessions belong to which user (PartitionKey = user key, RowKey =
/// session key). A session is indexed before it is written and unindexed when it ends, so "my
/// sessions" and "log out everywhere" need one partition query, not a scan.
/// </summary>
internal interface IUserSessionIndex
{
    /// <summary>
    /// Records that session <paramref name="sessionKey"/> belongs to <paramref name="userKey"/>, as of
    /// <paramref name="indexedAt"/>, logged in from <paramref name="device"/>.
    /// </summary>
    Task AddAsync(string userKey, string sessionKey, DateTimeOffset indexedAt, SessionDevice? device, CancellationToken cancellationToken);

    /// <summary>Forgets one entry; no error when it is not there.</summary>
    Task RemoveAsync(string userKey, string sessionKey, CancellationToken cancellationToken);

    /// <summary>The sessions indexed for the user.</summary>
    Task<IReadOnlyList<UserSessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken);
}
