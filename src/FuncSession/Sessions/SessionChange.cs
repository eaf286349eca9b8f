namespace FuncSession.Sessions;

/// <summary>What a change to a session did, as told by the change itself.</summary>
internal enum SessionChange
{
    /// <summary>The session changed and must be written.</summary>
    Changed,

    /// <summary>Nothing to write.</summary>
    Unchanged,

    /// <summary>The result would exceed the maximum session size; nothing is written.</summary>
    TooLarge,
}
