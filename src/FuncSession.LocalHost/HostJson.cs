using System.Text.Json;

namespace FuncSession.LocalHost;

/// <summary>The one setting of host.json that LocalHost honours: the HTTP route prefix.</summary>
internal static class HostJson
{
    public const string DefaultRoutePrefix = "api";

    public static string RoutePrefix(string? directory)
    {
        var path = Path.Combine(directory ?? AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, "host.json");
        }
        if (!File.Exists(path))
        {
            return DefaultRoutePrefix;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!.Trim('/')
                : DefaultRoutePrefix;
    }
}
