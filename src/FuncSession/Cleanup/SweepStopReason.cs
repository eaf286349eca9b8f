namespace FuncSession.Cleanup;

/// <summary>Why a sweep ended before it had handled every due index entry.</summary>
public enum SweepStopReason
{
    /// <summary>It did not stop early: every due entry was handled.</summary>
    None,

    /// <summary>It used up its time budget; the next run goes on where it stopped.</summary>
    TimeBudget,

    /// <summary>Table Storage did not answer; nothing was lost and the next run goes on.</summary>
    StorageUnavailable,

    /// <summary>The host asked it to stop.</summary>
    Cancelled,
}
