using System.Collections.Concurrent;
using FuncSession.Accounts;
using FuncSession.Sessions;

namespace FuncSession.Tests.Accounts;

/// <summary>A LoginThrottle table in memory with Table Storage's ETag rules: add conflicts when present, replace only at the version read.</summary>
internal sealed class InMemoryThrottleStore : ILoginThrottleStore
{
    private readonly ConcurrentDictionary<string, LoginThrottleState> _states = new();
    private int _version;
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public LoginThrottleState? this[string key] => _states.TryGetValue(key, out var state) ? state.Clone() : null;

    public async Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return this[key];
    }

    public async Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var stored = Stamp(state);
        if (_states.TryAdd(state.Key, stored))
        {
            return WriteOutcome.Written;
        }
        Interlocked.Increment(ref _conflicts);
        return WriteOutcome.Conflict;
    }

    public async Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!_states.TryGetValue(state.Key, out var current))
        {
            return WriteOutcome.Missing;
        }
        if (current.Version != state.Version || !_states.TryUpdate(state.Key, Stamp(state), current))
        {
            Interlocked.Increment(ref _conflicts);
            return WriteOutcome.Conflict;
        }
        return WriteOutcome.Written;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _states.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private LoginThrottleState Stamp(LoginThrottleState state)
    {
        var stored = state.Clone();
        stored.Version = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return stored;
    }
}
