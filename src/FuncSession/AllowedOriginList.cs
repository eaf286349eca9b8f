namespace FuncSession;

/// <summary>Parses the comma-separated list of allowed origins.</summary>
internal static class AllowedOriginList
{
    public static string[] Split(string? value) =>
        (value ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>The origin in the form a browser sends it: scheme://host[:port], lower case, no default port.</summary>
    public static string Normalize(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        return uri.IsDefaultPort
            ? $"{uri.Scheme}://{uri.Host}".ToLowerInvariant()
            : $"{uri.Scheme}://{uri.Host}:{uri.Port}".ToLowerInvariant();
    }
}
