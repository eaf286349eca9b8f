namespace FuncSession.Sessions;

/// <summary>
/// One request's change to a session, waiting to be written together with the other changes that
/// queued up behind the write in progress to that session on this instance.
/// </summary>
internal sealed class PendingWrite(bool create, Func<SessionRecord, SessionChange> change)
{
    private readonly TaskCompletionSource<SessionUpdate> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the change may start a new session when there is no usable one.</summary>
    public bool Create { get; } = create;

    public Func<SessionRecord, SessionChange> Change { get; } = change;

    /// <summary>Completes once the write that carries this change succeeded, or the change was refused.</summary>
    public Task<SessionUpdate> Outcome => _outcome.Task;

    public void Complete(SessionUpdate update) => _outcome.TrySetResult(update);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
