using FuncSession.Accounts;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FuncSession.Http;

/// <summary>
/// What every session and account endpoint does around its own work: <c>Cache-Control: no-store</c>,
/// the cross-site rules for unsafe methods, reading the token, answering storage faults with 503
/// (saying whether a change may have been applied), answering anything unexpected with a 500
/// problem that shows no internals, and writing the request's <see cref="CookieOutcome"/>: the one
/// place a session cookie is set or cleared (and a bearer token signed by a retired key is renewed).
/// </summary>
internal sealed partial class SessionPipeline
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
        var unsafeMethod = CrossSiteGuard.IsUnsafe(request.Method);
        if (unsafeMethod && credentials.Source != CredentialSource.Bearer && !_crossSite.Allows(request))
        {
            return Problems.CrossSite();
        }

        var session = new SessionRequest(request, credentials);
        ApiResult result;
        try
        {
            result = await handler(session);
        }
        catch (StorageUnavailableException ex) when (ex.AccessDenied)
        {
            Log.StorageAccessDenied(_logger, request.Method, request.Path, ex.Message);
            return Problems.StorageUnavailable(mayHaveApplied: false);
        }
        catch (StorageUnavailableException ex)
        {
            Log.StorageUnavailable(_logger, request.Method, request.Path, ex.Message);
            return Problems.StorageUnavailable(mayHaveApplied: unsafeMethod && ex.OutcomeUnknown);
        }
        catch (BadHttpRequestException ex)
        {
            // The server could not read the request (a malformed chunked body, say): bad input, not a failure.
            return Problems.UnreadableRequest(ex.StatusCode);
        }
        catch (PasswordsBusyException)
        {
            Log.PasswordsBusy(_logger, request.Method, request.Path);
            return Problems.PasswordsBusy();
        }
        catch (SessionConflictException)
        {
            Log.Contended(_logger, request.Method, request.Path);
            return Problems.Busy();
        }
        catch (AccountBusyException ex)
        {
            Log.AccountContended(_logger, request.Method, request.Path, ex.Message);
            return Problems.AccountBusy();
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away before anything was changed; nobody reads this answer.
            return Problems.ClientGone();
        }
        catch (Exception ex)
        {
            Log.UnexpectedFailure(_logger, request.Method, request.Path, ex);
            return Problems.Unexpected();
        }

        _cookies.Write(response, session.CookieOutcome);
        if (session.RenewedBearerToken is { } renewed)
        {
            response.Headers[SessionRequest.RenewedTokenHeader] = renewed;
        }
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.StorageUnavailable, LogLevel.Warning, "{Method} {Path} answered 503: session storage unavailable: {Reason}")]
        public static partial void StorageUnavailable(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(LogEvents.Contended, LogLevel.Warning, "{Method} {Path} answered 503: the session's writes kept conflicting.")]
        public static partial void Contended(ILogger logger, string method, PathString path);

        [LoggerMessage(LogEvents.AccountContended, LogLevel.Warning, "{Method} {Path} answered 503: {Reason}")]
        public static partial void AccountContended(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(LogEvents.PasswordsBusy, LogLevel.Warning, "{Method} {Path} answered 503: the password hash queue is full.")]
        public static partial void PasswordsBusy(ILogger logger, string method, PathString path);

        [LoggerMessage(LogEvents.StorageAccessDenied, LogLevel.Error, "{Method} {Path} answered 503: {Reason}")]
        public static partial void StorageAccessDenied(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(LogEvents.UnexpectedFailure, LogLevel.Error, "{Method} {Path} answered 500: an unexpected failure.")]
        public static partial void UnexpectedFailure(ILogger logger, string method, PathString path, Exception exception);
    }
}
