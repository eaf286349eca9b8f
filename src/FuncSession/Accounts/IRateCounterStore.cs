using FuncSession.Sessions;

namespace FuncSession.Accounts;

/// <summary>Per-address request counters in storage, written with ETags so every instance counts against one number.</summary>
internal interface IRateCounterStore
{
    Task<RateCounter?> GetAsync(string address, string purpose, CancellationToken cancellationToken);

    /// <summary>Adds the counter; <see cref="WriteOutcome.Conflict"/> when another request added it first.</summary>
    Task<WriteOutcome> AddAsync(RateCounter counter, CancellationToken cancellationToken);

    /// <summary>Replaces the counter if it is still at <see cref="RateCounter.Version"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(RateCounter counter, CancellationToken cancellationToken);
}
