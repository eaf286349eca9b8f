using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// Writes the session cookie: HttpOnly, SameSite as configured, Path=/, no Domain, Secure when
/// configured. A non-permanent session gets a browser-session cookie; a permanent one a Max-Age
/// of the permanent lifetime. A cleared cookie has Max-Age=0 and a past Expires.
/// </summary>
internal sealed class SessionCookies(IOptions<SessionOptions> options)
{
    private readonly SessionOptions _options = options.Value;

    /// <summary>Writes the request's cookie outcome: the one place a session cookie is set or cleared.</summary>
    public void Write(HttpResponse response, CookieOutcome outcome)
    {
        switch (outcome.Action)
        {
            case CookieAction.Issue:
                Issue(response, outcome.Token!, outcome.Permanent);
                break;
            case CookieAction.Clear:
                Clear(response);
                break;
        }
    }

    private void Issue(HttpResponse response, string token, bool permanent)
    {
        var cookie = Base();
        if (permanent)
        {
            cookie.MaxAge = _options.PermanentLifetime;
        }
        response.Cookies.Append(_options.CookieName, token, cookie);
    }

    private void Clear(HttpResponse response)
    {
        var cookie = Base();
        cookie.MaxAge = TimeSpan.Zero;
        cookie.Expires = DateTimeOffset.UnixEpoch;
        response.Cookies.Append(_options.CookieName, "", cookie);
    }

    private CookieOptions Base() => new()
    {
        HttpOnly = true,
        Secure = _options.CookieSecure,
        SameSite = _options.CookieSameSite,
        Path = "/",
        IsEssential = true,
    };
}
