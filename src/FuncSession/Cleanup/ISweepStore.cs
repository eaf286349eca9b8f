using FuncSession.Sessions;

namespace FuncSession.Cleanup;

/// <summary>
/// The storage a sweep needs, and nothing more. Failures of the storage service itself surface as
/// <see cref="StorageUnavailableException"/>; an entity that is already gone is not a failure.
/// </summary>
internal interface ISweepStore
{
    /// <summary>
    /// The expiry-index entries of every partition that sorts before <paramref name="firstPendingPartition"/>,
    /// page by page, in partition then session-key order, with the user key an entry records. Reads no other partition.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(string firstPendingPartition, CancellationToken cancellationToken);

    /// <summary>One point read of the session, only the columns a sweep decides on; null when it is gone.</summary>
    Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the session if it is still at <paramref name="version"/>: <see cref="WriteOutcome.Conflict"/>
    /// when it changed meanwhile, <see cref="WriteOutcome.Missing"/> when it is already gone.
    /// </summary>
    Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken);

    /// <summary>Removes the session from its user's index (UserSessions: PartitionKey user key, RowKey session key); absent is fine.</summary>
    Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <see cref="MaxBatchSize"/> entries of one index partition in one transaction;
    /// entries already gone are fine.
    /// </summary>
    Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken);

    /// <summary>The most actions Table Storage takes in one transaction.</summary>
    public const int MaxBatchSize = 100;
}
