namespace FuncSession.Sessions;

/// <summary>
/// Lets the writes to one session on this instance take turns. Every write reads the session,
/// changes it and replaces it if unchanged, so writers that overlap make each other fail and
/// retry; in turn, each write costs one read and one replace, and only writers on other
/// instances can still conflict. Sessions nobody is writing to hold no state here.
/// </summary>
internal sealed class SessionWriteGate(TimeProvider time)
{
    private readonly Dictionary<string, Turnstile> _sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits until no other write to the session <paramref name="key"/> is in progress on this
    /// instance, at most <paramref name="timeout"/>. Dispose the result to let the next writer in.
    /// </summary>
    /// <exception cref="SessionConflictException">The wait took longer than <paramref name="timeout"/>.</exception>
    public async ValueTask<Turn> EnterAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Turnstile turnstile;
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(key, out turnstile!))
            {
                turnstile = new Turnstile();
                _sessions.Add(key, turnstile);
            }
            turnstile.Users++;
        }

        var entered = false;
        try
        {
            entered = turnstile.Semaphore.Wait(0) || await WaitAsync(turnstile.Semaphore, timeout, cancellationToken);
        }
        finally
        {
            if (!entered)
            {
                Leave(key, turnstile, release: false);
            }
        }
        return entered ? new Turn(this, key, turnstile) : throw new SessionConflictException(waited: timeout);
    }

    /// <summary>Sessions with a writer in progress or waiting; for tests.</summary>
    internal int ActiveSessions
    {
        get
        {
            lock (_sessions)
            {
                return _sessions.Count;
            }
        }
    }

    private async Task<bool> WaitAsync(SemaphoreSlim semaphore, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // On the TimeProvider, so tests on a fake clock decide when a wait times out.
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await semaphore.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Leave(string key, Turnstile turnstile, bool release)
    {
        lock (_sessions)
        {
            if (--turnstile.Users == 0)
            {
                _sessions.Remove(key);
            }
        }
        if (release)
        {
            turnstile.Semaphore.Release();
        }
    }

    /// <summary>One session's queue of writers. <see cref="Users"/> is guarded by the gate's lock.</summary>
    internal sealed class Turnstile
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    /// <summary>A writer's turn; disposing it lets the next one in.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly SessionWriteGate? _gate;
        private readonly string _key;
        private readonly Turnstile _turnstile;

        internal Turn(SessionWriteGate gate, string key, Turnstile turnstile)
        {
            _gate = gate;
            _key = key;
            _turnstile = turnstile;
        }

        public void Dispose() => _gate?.Leave(_key, _turnstile, release: true);
    }
}
