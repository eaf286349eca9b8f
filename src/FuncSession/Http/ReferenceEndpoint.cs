using Microsoft.AspNetCore.Mvc;

namespace FuncSession.Http;

/// <summary>
/// <c>GET /api/reference</c>: one self-contained page that reads <c>/api/openapi.json</c> and shows
/// its routes, parameters, answers and schemas. A <see cref="NoncedPage"/> like the demo page, under
/// the same Content-Security-Policy, so it loads nothing from elsewhere.
/// </summary>
public sealed class ReferenceEndpoint
{
    private readonly NoncedPage _page = new("reference.html");

    internal ReferenceEndpoint()
    {
    }

    public IActionResult Serve() => _page.Serve();
}
