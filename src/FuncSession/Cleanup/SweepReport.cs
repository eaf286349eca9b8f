namespace FuncSession.Cleanup;

/// <summary>
/// What one sweep did. Every index entry read is counted once among <see cref="SessionsDeleted"/>,
/// <see cref="StaleEntriesDropped"/> and <see cref="SessionsSpared"/>, unless the sweep stopped before it got to it.
/// </summary>
public sealed record SweepReport
{
    /// <summary>Expiry-index entries read from the partitions that were due.</summary>
    public int IndexEntriesRead { get; init; }

    /// <summary>Point reads of sessions: one per session handled, however many of its entries were due.</summary>
    public int SessionsRead { get; init; }

    /// <summary>Expired sessions this sweep deleted.</summary>
    public int SessionsDeleted { get; init; }

    /// <summary>Entries whose session was already gone (ended by its user, or deleted by another sweep); they are removed.</summary>
    public int StaleEntriesDropped { get; init; }

    /// <summary>
    /// Sessions that were found alive: extended after they were indexed (their old entry is removed),
    /// or changed between the read and the delete (their entry stays for the next run to look at again).
    /// </summary>
    public int SessionsSpared { get; init; }

    /// <summary>Index entries removed, in transactions of up to 100 per partition.</summary>
    public int IndexEntriesDeleted { get; init; }

    /// <summary>
    /// Entries of the users' session lists removed: those of the expired sessions this sweep deleted, and of
    /// sessions found gone whose index entry names a user (an entry that was already gone counts too).
    /// </summary>
    public int UserEntriesDeleted { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Why the sweep stopped early, or <see cref="SweepStopReason.None"/>.</summary>
    public SweepStopReason StopReason { get; init; }

    /// <summary>Whether every due entry was handled; when false, the next run picks up the rest.</summary>
    public bool Completed => StopReason == SweepStopReason.None;
}
