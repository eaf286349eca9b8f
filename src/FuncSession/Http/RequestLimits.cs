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
    private readonly ClientAddresses _addresses;
    private readonly StoredRateLimiter _logins;
    private readonly StoredRateLimiter _registrations;
    private readonly PartitionedRateLimiter<string> _newSessions;
    private readonly PartitionedRateLimiter<string> _inFlight;

    public RequestLimits(
        ClientAddresses addresses,
        IRateCounterStore store,
        IOptions<AccountOptions> accounts,
        IOptions<SessionOptions> sessions,
        TimeProvider time)
    {
        _addresses = addresses;
        var account = accounts.Value;
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
    /// from the body, so the endpoints ask it first and a refused flood costs as little as possible.
    /// </summary>
    public ApiResult? KnownRefusedLogin(HttpRequest request) => KnownRefusal(_logins, request);

    /// <inheritdoc cref="KnownRefusedLogin"/>
    public ApiResult? KnownRefusedRegistration(HttpRequest request) => KnownRefusal(_registrations, request);

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

    private ApiResult? KnownRefusal(StoredRateLimiter limiter, HttpRequest request) =>
        limiter.KnownRefusal(_addresses.Of(request)) is { } retryAfter ? Problems.RateLimited(retryAfter) : null;

    private async Task<LimitTurn> AcquireAsync(StoredRateLimiter limiter, HttpRequest request)
    {
        var address = _addresses.Of(request);
        var turn = _inFlight.AttemptAcquire(address);
        if (Answer(turn) is { } busy)
        {
            turn.Dispose();
            return new LimitTurn(null, busy);
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

    private static ApiResult? Answer(RateLimitLease lease) =>
        lease.IsAcquired
            ? null
            : Problems.RateLimited(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
}
