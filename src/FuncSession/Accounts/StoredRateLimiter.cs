using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using FuncSession.Sessions;

namespace FuncSession.Accounts;

/// <summary>
/// A fixed-window limit per client address whose count lives in Table Storage, so it holds across
/// every instance of the app: each permit is a counter increment written If-Match and retried on
/// conflict, so parallel requests on several instances cannot slip past it. Shaped as the
/// framework's <see cref="PartitionedRateLimiter{TResource}"/> (leases with
/// <see cref="MetadataName.RetryAfter"/>). Once an address is over its limit, this instance
/// refuses it without asking storage until the window ends, so a flood costs one read, not one per
/// request. Requests of one address take turns on each instance (a per-instance concurrency limit
/// of one, with a short queue): a burst from one address does not turn into rounds of conflicting
/// writes to the same entity, and beyond the queue it is refused at once. A fixed window lets through
/// up to twice the limit across a window boundary; that is the price of one small entity per address.
/// </summary>
/// <param name="turnQueueLimit">How many requests of one address may wait on this instance for their turn to count.</param>
internal sealed class StoredRateLimiter(
    IRateCounterStore store, string purpose, int permitLimit, TimeSpan window, int turnQueueLimit, TimeProvider time)
    : PartitionedRateLimiter<string>
{
    /// <summary>Rounds of re-reading after a conflict before the request is refused for now.</summary>
    internal const int MaxWriteAttempts = 16;

    /// <summary>How many refused addresses this instance remembers before it forgets the ones whose window ended.</summary>
    private const int RememberedLimit = 10_000;

    private static readonly TimeSpan ContendedRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _refusedUntil = new(StringComparer.Ordinal);

    private readonly PartitionedRateLimiter<string> _turns = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetConcurrencyLimiter(address, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = 1,
            QueueLimit = turnQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    public override RateLimiterStatistics? GetStatistics(string resource) => null;

    /// <summary>Not offered: every decision needs a storage round trip; call <c>AcquireAsync</c>.</summary>
    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount) =>
        throw new NotSupportedException("A stored limit is decided in storage; use AcquireAsync.");

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken)
    {
        if (Remembered(resource) is { } early)
        {
            return early;
        }
        using var turn = await _turns.AcquireAsync(resource, 1, cancellationToken);
        if (!turn.IsAcquired)
        {
            return Lease.Refused(ContendedRetryAfter);
        }
        if (Remembered(resource) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        var windowEnd = windowStart + window;
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var current = await store.GetAsync(resource, purpose, cancellationToken);
            var counted = current is not null && current.WindowStart == windowStart ? current.Count : 0;
            if (counted + permitCount > permitLimit)
            {
                Remember(resource, windowEnd, now);
                return Lease.Refused(windowEnd - now);
            }

            var next = new RateCounter
            {
                Address = resource,
                Purpose = purpose,
                WindowStart = windowStart,
                Count = counted + permitCount,
                Version = current?.Version,
            };
            var written = current is null
                ? await store.AddAsync(next, cancellationToken)
                : await store.ReplaceAsync(next, cancellationToken);
            if (written == WriteOutcome.Written)
            {
                return Lease.Granted;
            }
        }
        // So many requests of one address at once that the counter kept changing under us: that is
        // itself the flood the limit is for. Refuse for a moment rather than count without end.
        return Lease.Refused(ContendedRetryAfter);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _turns.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// How long <paramref name="resource"/> stays refused, when this instance already knows it is over
    /// its limit; null when only storage can tell. Costs no storage call and counts nothing.
    /// </summary>
    public TimeSpan? KnownRefusal(string resource)
    {
        var now = time.GetUtcNow();
        return _refusedUntil.TryGetValue(resource, out var until) && until > now ? until - now : null;
    }

    /// <summary>A refusal without asking storage, while this instance knows the address is over its limit.</summary>
    private Lease? Remembered(string resource) => KnownRefusal(resource) is { } retryAfter ? Lease.Refused(retryAfter) : null;

    private void Remember(string resource, DateTimeOffset until, DateTimeOffset now)
    {
        if (_refusedUntil.Count >= RememberedLimit)
        {
            foreach (var (address, end) in _refusedUntil)
            {
                if (end <= now)
                {
                    _refusedUntil.TryRemove(address, out _);
                }
            }
        }
        _refusedUntil[resource] = until;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
