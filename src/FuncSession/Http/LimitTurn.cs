using System.Threading.RateLimiting;

namespace FuncSession.Http;

/// <summary>
/// A request's admission by <see cref="RequestLimits"/>: either a turn held until the request is
/// done (dispose it), or the answer that refused it.
/// </summary>
internal readonly struct LimitTurn(RateLimitLease? held, ApiResult? refused) : IDisposable
{
    /// <summary>The 429 answer when the request was refused; null when it may go on.</summary>
    public ApiResult? Refused => refused;

    public void Dispose() => held?.Dispose();
}
