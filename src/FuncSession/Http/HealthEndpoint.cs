using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary><c>GET /api/health</c>: healthy when session storage answers a point read.</summary>
public sealed class HealthEndpoint
{
    private static readonly byte[] Healthy = """{"status":"healthy"}"""u8.ToArray();

    private readonly ISessionStore _store;

    internal HealthEndpoint(ISessionStore store) => _store = store;

    public async Task<ApiResult> CheckAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        try
        {
            await _store.PingAsync(cancellationToken);
            return ApiResult.Json(StatusCodes.Status200OK, Healthy);
        }
        catch (StorageUnavailableException)
        {
            return Problems.StorageUnavailable(mayHaveApplied: false);
        }
    }
}
