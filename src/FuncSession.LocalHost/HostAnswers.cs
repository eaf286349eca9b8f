using FuncSession.Http;

namespace FuncSession.LocalHost;

/// <summary>
/// What LocalHost adds to answers the functions never see: Strict-Transport-Security on every
/// HTTPS answer (404s included), and a wrong verb answered as a 405 problem with <c>Allow</c> and
/// <c>Cache-Control: no-store</c> instead of routing's bare 405. (Under the Functions host a wrong
/// verb is refused by the host before the worker runs; that answer is the host's.)
/// </summary>
internal static class HostAnswers
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            TransportSecurity.Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);

        await next(context);

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && !response.HasStarted)
        {
            // Routing lists the route's methods in Allow on its own 405.
            var allow = response.Headers.Allow.ToString();
            response.Headers.CacheControl = "no-store";
            await Problems.MethodNotAllowed(allow).ExecuteAsync(context);
        }
    }
}
