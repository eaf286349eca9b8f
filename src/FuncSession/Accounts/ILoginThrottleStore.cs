using FuncSession.Sessions;

namespace FuncSession.Accounts;

/// <summary>The LoginThrottle table: ETag-guarded counters, one entity per normalized user name.</summary>
internal interface ILoginThrottleStore
{
    Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Adds the state; <see cref="WriteOutcome.Conflict"/> when another request added it first.</summary>
    Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken);

    /// <summary>Replaces the state if it is still at <see cref="LoginThrottleState.Version"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken);

    /// <summary>Forgets the name's failures, whatever their version.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
