using FuncSession.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FuncSession.Http;

/// <summary>
/// Reads the session token of a request: an <c>Authorization: Bearer</c> header when there is one
/// (a cookie is then ignored), else the session cookie. Nothing here touches storage.
/// </summary>
internal sealed class CredentialReader(SessionTokenCodec codec, IOptions<SessionOptions> options)
{
    private readonly string _cookieName = options.Value.CookieName;

    public SessionCredentials Read(HttpRequest request)
    {
        if (TryGetBearer(request, out var bearer))
        {
            return new SessionCredentials(CredentialSource.Bearer, codec.TryRead(bearer, out var id) ? id : null);
        }

        if (TryGetCookie(request, _cookieName, out var cookie))
        {
            return new SessionCredentials(CredentialSource.Cookie, codec.TryRead(cookie, out var id) ? id : null);
        }

        return default;
    }

    /// <summary>
    /// The first cookie of that name, empty values included (which a client must be told to
    /// drop, and which the framework's cookie collection leaves out).
    /// </summary>
    public static bool TryGetCookie(HttpRequest request, string name, out ReadOnlySpan<char> value)
    {
        foreach (var header in request.Headers.Cookie)
        {
            var rest = header.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? default : rest[(end + 1)..];
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].TrimEnd().SequenceEqual(name))
                {
                    value = pair[(equals + 1)..].Trim().Trim('"');
                    return true;
                }
            }
        }
        value = default;
        return false;
    }

    /// <summary>True when the request carries an Authorization header with the Bearer scheme.</summary>
    public static bool TryGetBearer(HttpRequest request, out ReadOnlySpan<char> token)
    {
        token = default;
        var headers = request.Headers[HeaderNames.Authorization];
        if (headers.Count != 1 || headers[0] is not { } value)
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        const string Scheme = "Bearer ";
        if (!span.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        token = span[Scheme.Length..].Trim();
        return true;
    }
}
