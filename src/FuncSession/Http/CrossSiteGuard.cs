using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// Refuses unsafe requests that a browser sent from another site: an <c>Origin</c> that is neither
/// the API's own nor configured (<c>null</c> included), or no Origin with
/// <c>Sec-Fetch-Site: cross-site</c>. Requests without either header (non-browser clients) pass.
/// </summary>
internal sealed class CrossSiteGuard(IOptions<SessionOptions> options)
{
    private readonly HashSet<string> _allowed = AllowedOriginList.Split(options.Value.AllowedOrigins)
        .Where(AllowedOriginList.IsOrigin)
        .Select(AllowedOriginList.Normalize)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    public bool Allows(HttpRequest request)
    {
        var origins = request.Headers.Origin;
        if (origins.Count > 0)
        {
            return origins.Count == 1 && origins[0] is { } origin && (IsOwn(request, origin) || _allowed.Contains(origin));
        }
        var fetchSite = request.Headers["Sec-Fetch-Site"];
        return !(fetchSite.Count > 0 && string.Equals(fetchSite[0], "cross-site", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsOwn(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
