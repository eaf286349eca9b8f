using FuncSession.Sessions;
using FuncSession.Storage;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>How an injected fault behaves at its storage call.</summary>
public enum FaultKind
{
    /// <summary>The call fails before it is sent: nothing was applied.</summary>
    FailBeforeSending,

    /// <summary>The call is applied, then fails as a time-out does: applied, but the caller cannot know.</summary>
    ApplyThenTimeOut,

    /// <summary>The call is applied, then the operation stops there, as if the instance died: no later step runs.</summary>
    Abandon,
}

/// <summary>The instance stopped in the middle of an operation (an injected <see cref="FaultKind.Abandon"/>).</summary>
public sealed class OperationAbandonedException() : Exception("The operation was abandoned after an injected storage call.");

/// <summary>
/// Counts the storage calls of the API it is wired into (through the Faulty* decorators around
/// the real Table Storage stores) and, when armed, breaks the call with a given number.
/// </summary>
public sealed class FaultInjector
{
    private int _calls;
    private int _failAt;
    private FaultKind _kind;
    private readonly List<string> _names = [];

    /// <summary>The calls made since the last <see cref="Count"/> or <see cref="Arm"/>, by name.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_names)
            {
                return [.. _names];
            }
        }
    }

    /// <summary>Counts calls without failing any.</summary>
    public void Count() => Arm(0, FaultKind.FailBeforeSending);

    /// <summary>Fails the <paramref name="step"/>th call from now (1-based) in the manner of <paramref name="kind"/>.</summary>
    public void Arm(int step, FaultKind kind)
    {
        lock (_names)
        {
            _names.Clear();
            _calls = 0;
            _failAt = step;
            _kind = kind;
            _failName = null;
        }
    }

    /// <summary>Fails the next call named <paramref name="name"/> in the manner of <paramref name="kind"/>.</summary>
    public void Arm(string name, FaultKind kind)
    {
        lock (_names)
        {
            Arm(int.MaxValue, kind);
            _failName = name;
        }
    }

    private string? _failName;

    /// <summary>Lets every call through, uncounted.</summary>
    public void Disarm() => Arm(-1, FaultKind.FailBeforeSending);

    private string? _pauseAt;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Holds the next call named <paramref name="name"/> before it is sent, until <see cref="Resume"/>;
    /// the returned task completes when a call got there. Lets a test keep an operation in flight.
    /// </summary>
    public Task PauseAt(string name)
    {
        lock (_names)
        {
            _pauseAt = name;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task;
        }
    }

    /// <summary>Lets the held call go on.</summary>
    public void Resume() => _resume.TrySetResult();

    public async Task<T> RunAsync<T>(string name, Func<Task<T>> call)
    {
        Task? hold = null;
        lock (_names)
        {
            if (_pauseAt == name)
            {
                _pauseAt = null;
                _reached.TrySetResult();
                hold = _resume.Task;
            }
        }
        if (hold is not null)
        {
            await hold.WaitAsync(TimeSpan.FromSeconds(30));
        }
        var (fail, kind) = Next(name);
        if (fail && kind == FaultKind.FailBeforeSending)
        {
            throw new StorageUnavailableException($"Injected: {name} was not sent.");
        }
        var result = await call();
        if (fail)
        {
            throw kind == FaultKind.Abandon
                ? new OperationAbandonedException()
                : new StorageUnavailableException($"Injected: {name} was applied, then timed out.") { OutcomeUnknown = true };
        }
        return result;
    }

    public Task RunAsync(string name, Func<Task> call) =>
        RunAsync(name, async () =>
        {
            await call();
            return true;
        });

    private (bool Fail, FaultKind Kind) Next(string name)
    {
        lock (_names)
        {
            if (_failAt < 0)
            {
                return (false, _kind);
            }
            _names.Add(name);
            _calls++;
            if (_failName == name)
            {
                _failName = null;
                return (true, _kind);
            }
            return (_calls == _failAt, _kind);
        }
    }
}
