using Microsoft.AspNetCore.Mvc;

namespace FuncSession.Http;

/// <summary>
/// <c>GET /api/demo</c>: one self-contained page that uses the public API the way a browser
/// front end would, served as a <see cref="NoncedPage"/>.
/// </summary>
public sealed class DemoEndpoint
{
    private readonly NoncedPage _page = new("demo.html");

    internal DemoEndpoint()
    {
    }

    public IActionResult Serve() => _page.Serve();
}
