using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FuncSession.Http;

/// <summary>
/// <c>GET /api/reference</c>: one self-contained page that reads <c>/api/openapi.json</c> and shows
/// its routes, parameters, answers and schemas. It runs under the demo page's Content-Security-Policy
/// (its own nonce'd style and script, calls to its own origin), so it loads nothing from elsewhere.
/// </summary>
public sealed class ReferenceEndpoint
{
    private const string NoncePlaceholder = "{{nonce}}";

    private readonly string[] _parts;

    internal ReferenceEndpoint()
    {
        using var stream = typeof(ReferenceEndpoint).Assembly.GetManifestResourceStream("FuncSession.Http.reference.html")
            ?? throw new InvalidOperationException("The reference page is not embedded in the library.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        _parts = reader.ReadToEnd().Split(NoncePlaceholder);
    }

    public IActionResult Serve()
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return new Page(Encoding.UTF8.GetBytes(string.Join(nonce, _parts)), nonce);
    }

    private sealed class Page(byte[] html, string nonce) : IResult, IActionResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = DemoEndpoint.ContentSecurityPolicy(nonce);
            response.Headers.CacheControl = "no-store";
            TransportSecurity.Apply(response.HttpContext);
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
            response.ContentLength = html.Length;
            await response.Body.WriteAsync(html, httpContext.RequestAborted);
        }

        public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
    }
}
