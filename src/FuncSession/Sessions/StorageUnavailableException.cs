namespace FuncSession.Sessions;

/// <summary>Table Storage did not answer, or answered with a server-side failure. The request may be retried.</summary>
internal sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// True when a call may have reached storage and been applied although no answer came back (a
    /// time-out, a connection lost mid-call, a server error): the outcome is unknown, not "not applied".
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>True when storage refused the app's identity or its role (401/403): a deployment problem, not an outage.</summary>
    public bool AccessDenied { get; init; }
}
