using System.Threading.RateLimiting;
using FuncSession.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// The per-address limits of the endpoints, each answering a refused request with a 429
/// <c>rate-limited</c> problem and Retry-After. Logins and registrations are counted in Table
/// Storage (<see cref="StoredRateLimiter"/>), because an attacker's requests spread over every
/// instance the plan scales out to. Besides, each instance works on at most
/// <see cref="AccountOptions.ConcurrentLoginsPerAddress"/> of them per address at once, so a flood
/// from one address holds only that many places in the password-hash queue. New anonymous sessions
/// are cheap to refuse wrongly and cost a storage write each, so they are counted per instance with
/// the framework's fixed-window limiter.
/// </summary>
internal sealed class RequestLimits : IDisposable
{
    /// <summary>Retry-After of a refusal for too many attempts at once: one of them will be done by then.</summary>
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ClientAddresses _addresses;
    private readonly StoredRateLimiter _logins;
    private readonly StoredRateLimiter _registrations;
    private readonly PartitionedRateLimiter<string> _newSessions;
    private readonly PartitionedRateLimiter<string> _inFlight;
    private readonly TimeSpan _refusalPause;

    /// <summary>How many refusals this instance holds now (see <see cref="AccountOptions.RefusalPause"/>).</summary>
    private int _paused;

    public RequestLimits(
        ClientAddresses addresses,
        IRateCounterStore store,
        IOptions<AccountOptions> accounts,
        IOptions<SessionOptions> sessions,
        TimeProvider time)
    {
        _addresses = addresses;
        var account = accounts.Value;
        _refusalPause = account.RefusalPause;
        // The requests of an address that the in-flight limit lets in may all wait for their turn to count.
        _logins = new StoredRateLimiter(
            store, "login", account.LoginsPerAddress, account.AddressLimitWindow, account.ConcurrentLoginsPerAddress, time);
        _registrations = new StoredRateLimiter(
            store, "register", account.RegistrationsPerAddress, account.AddressLimitWindow, account.ConcurrentLoginsPerAddress, time);
        _inFlight = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetConcurrencyLimiter(
            address,
            _ => new ConcurrencyLimiterOptions { PermitLimit = account.ConcurrentLoginsPerAddress, QueueLimit = 0 }));
        var session = sessions.Value;
        _newSessions = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = session.NewSessionsPerAddress,
                Window = session.NewSessionWindow,
                // Refuse at once: a queued request would hold a connection for up to a window.
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// The 429 answer when this instance already knows the request's address is over its login (or
    /// registration) limit; null when the request must be counted. It reads nothing from storage or
    /// from the body, so the endpoints ask it first, and it answers after
    /// <see cref="AccountOptions.RefusalPause"/>: a client that asks again without waiting is slowed
    /// down instead of costing the instance CPU for every refusal.
    /// </summary>
    public Task<ApiResult?> KnownRefusedLoginAsync(HttpRequest request) => KnownRefusalAsync(_logins, request);

    /// <inheritdoc cref="KnownRefusedLoginAsync"/>
    public Task<ApiResult?> KnownRefusedRegistrationAsync(HttpRequest request) => KnownRefusalAsync(_registrations, request);

    /// <summary>A login attempt from the request's address: a turn to hold while it runs, or the 429 answer.</summary>
    public Task<LimitTurn> LoginAsync(HttpRequest request) => AcquireAsync(_logins, request);

    /// <summary>A registration from the request's address: a turn to hold while it runs, or the 429 answer.</summary>
    public Task<LimitTurn> RegisterAsync(HttpRequest request) => AcquireAsync(_registrations, request);

    /// <summary>A new anonymous session for the request's address: null when it may be created, else the 429 answer.</summary>
    public ApiResult? NewSession(HttpRequest request)
    {
        using var lease = _newSessions.AttemptAcquire(_addresses.Of(request));
        return Answer(lease);
    }

    public void Dispose()
    {
        _newSessions.Dispose();
        _inFlight.Dispose();
        _logins.Dispose();
        _registrations.Dispose();
    }

    private async Task<ApiResult?> KnownRefusalAsync(StoredRateLimiter limiter, HttpRequest request)
    {
        var address = _addresses.Of(request);
        if (limiter.KnownRefusal(address) is not { } retryAfter)
        {
            return null;
        }
        await PauseAsync(retryAfter, request);
        // The window may have ended during the pause: then the request is counted like any other.
        return limiter.KnownRefusal(address) is { } left ? Problems.RateLimited(left) : null;
    }

    private async Task<LimitTurn> AcquireAsync(StoredRateLimiter limiter, HttpRequest request)
    {
        var address = _addresses.Of(request);
        var turn = _inFlight.AttemptAcquire(address);
        if (!turn.IsAcquired)
        {
            // More attempts of the address at once than this instance works on: the client is not
            // waiting for its answers, so its refusals are held too.
            turn.Dispose();
            await PauseAsync(BusyRetryAfter, request);
            return new LimitTurn(null, Problems.RateLimited(BusyRetryAfter));
        }
        // Counted with CancellationToken.None: an attempt whose client hung up still counts.
        using var counted = await limiter.AcquireAsync(address, 1, CancellationToken.None);
        if (Answer(counted) is { } refused)
        {
            turn.Dispose();
            return new LimitTurn(null, refused);
        }
        return new LimitTurn(turn, null);
    }

    /// <summary>
    /// Holds a refusal for <see cref="AccountOptions.RefusalPause"/>, never longer than the
    /// <paramref name="retryAfter"/> it will carry. A pause in wall-clock time: it bounds how fast
    /// one client makes this instance work, which is a matter of real seconds, not of the service's
    /// clock. Beyond <see cref="AccountDefaults.MaxPausedRefusals"/> held answers, refusals go out at
    /// once. A client that hangs up ends its pause (499, nobody reads the answer).
    /// </summary>
    private async Task PauseAsync(TimeSpan retryAfter, HttpRequest request)
    {
        var pause = retryAfter < _refusalPause ? retryAfter : _refusalPause;
        if (pause <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            if (Interlocked.Increment(ref _paused) <= AccountDefaults.MaxPausedRefusals)
            {
                await Task.Delay(pause, request.HttpContext.RequestAborted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _paused);
        }
    }

    private static ApiResult? Answer(RateLimitLease lease) =>
        lease.IsAcquired
            ? null
            : Problems.RateLimited(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
}
