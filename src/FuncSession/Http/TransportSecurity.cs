using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary>
/// Strict-Transport-Security on every answer that went over HTTPS: the request itself was HTTPS,
/// or the front end that ended TLS says so in <c>X-Forwarded-Proto</c> (App Service and the
/// Functions host pass requests on over plain HTTP). A client can forge that header on a plain
/// HTTP request, but browsers ignore the policy on an HTTP answer (RFC 6797, 8.1), so that gains
/// it nothing.
/// </summary>
public static class TransportSecurity
{
    public static void Apply(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps
            || ClientAddresses.RightMost(request.Headers["X-Forwarded-Proto"].LastOrDefault()).Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.StrictTransportSecurity = SessionDefaults.StrictTransportSecurity;
        }
    }
}
