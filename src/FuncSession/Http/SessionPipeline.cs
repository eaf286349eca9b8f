using FuncSession.Sessions;
using FuncSession.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FuncSession.Http;

/// <summary>
/// What every session and account endpoint does around its own work: <c>Cache-Control: no-store</c>,
/// the cross-site rules for unsafe methods, reading the token, answering storage faults with 503,
/// and telling the client about its cookie.
/// </summary>
public sealed partial class SessionPipeline
{
    private readonly CredentialReader _credentials;
    private readonly CrossSiteGuard _crossSite;
    private readonly SessionCookies _cookies;
    private readonly ILogger<SessionPipeline> _logger;

    internal SessionPipeline(CredentialReader credentials, CrossSiteGuard crossSite, SessionCookies cookies, ILogger<SessionPipeline> logger)
    {
        _credentials = credentials;
        _crossSite = crossSite;
        _cookies = cookies;
        _logger = logger;
    }

    public async Task<ApiResult> RunAsync(HttpRequest request, Func<SessionRequest, Task<ApiResult>> handler)
    {
        var response = request.HttpContext.Response;
        response.Headers.CacheControl = "no-store";

        var credentials = _credentials.Read(request);
        if (CrossSiteGuard.IsUnsafe(request.Method) && credentials.Source != CredentialSource.Bearer && !_crossSite.Allows(request))
        {
            return Problems.CrossSite();
        }

        var session = new SessionRequest(request, credentials);
        ApiResult result;
        try
        {
            result = await handler(session);
        }
        catch (StorageUnavailableException ex)
        {
            Log.StorageUnavailable(_logger, request.Method, request.Path, ex.Message);
            return Problems.StorageUnavailable();
        }
        catch (SessionConflictException)
        {
            Log.Contended(_logger, request.Method, request.Path);
            return Problems.Busy();
        }

        session.WriteCookies(response, _cookies);
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "{Method} {Path} answered 503: session storage unavailable: {Reason}")]
        public static partial void StorageUnavailable(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(21, LogLevel.Warning, "{Method} {Path} answered 503: the session's writes kept conflicting.")]
        public static partial void Contended(ILogger logger, string method, PathString path);
    }
}
