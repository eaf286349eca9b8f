using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FuncSession.Http;

/// <summary>
/// A self-contained HTML page embedded in the library, served with a fresh nonce per response: its
/// inline style and script run under a strict Content-Security-Policy, it loads nothing from
/// anywhere and may only call its own origin. The demo page and the API reference are two of them.
/// </summary>
internal sealed class NoncedPage
{
    private const string NoncePlaceholder = "{{nonce}}";

    private readonly string[] _parts;

    /// <param name="resource">The page's file name in <c>Http/</c>, embedded as a resource.</param>
    public NoncedPage(string resource)
    {
        using var stream = typeof(NoncedPage).Assembly.GetManifestResourceStream("FuncSession.Http." + resource)
            ?? throw new InvalidOperationException($"The page {resource} is not embedded in the library.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        _parts = reader.ReadToEnd().Split(NoncePlaceholder);
    }

    /// <summary>The policy the page runs under: nothing but its own nonce'd style and script, and calls to its own origin.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public IActionResult Serve()
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return new Page(Encoding.UTF8.GetBytes(string.Join(nonce, _parts)), nonce);
    }

    /// <summary>The page with its headers; an <see cref="IResult"/> for LocalHost and an <see cref="IActionResult"/> for Functions.</summary>
    private sealed class Page(byte[] html, string nonce) : IResult, IActionResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
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
