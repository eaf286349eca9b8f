namespace FuncSession.Http;

/// <summary>What the answer tells the client's cookie: nothing, a (re)issued cookie, or a clearing one.</summary>
internal enum CookieAction
{
    LeaveAlone,
    Issue,
    Clear,
}

/// <summary>
/// The cookie outcome of one request, decided in one place from how the request named its session
/// and what happened to that session. The request pipeline writes it; nothing else sets cookies.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Token">The signed value to issue, with <see cref="CookieAction.Issue"/>.</param>
/// <param name="Permanent">Whether the issued cookie outlives the browser session.</param>
internal readonly record struct CookieOutcome(CookieAction Action, string? Token = null, bool Permanent = false)
{
    public static readonly CookieOutcome LeaveAlone = new(CookieAction.LeaveAlone);
    public static readonly CookieOutcome Clear = new(CookieAction.Clear);

    /// <summary>
    /// The rules: a newly issued id is always sent (whatever named the old session); otherwise only
    /// cookies are answered. A cookie that is not ours, or names a session that is not usable or was
    /// just ended, is cleared. A permanent session's cookie is sent again on every use (its Max-Age
    /// slides, like the server-side expiry), and a session whose lifetime changed gets its cookie
    /// again with the new lifetime. A live session's cookie signed by a key other than the signing key
    /// is sent again signed by the signing key, so the old key can be retired. Bearer tokens and
    /// requests with no credential get no cookie.
    /// </summary>
    public static CookieOutcome Decide(SessionCredentials credentials, SessionState state)
    {
        if (state is { Kind: SessionStateKind.Issued, Issued: { } issued })
        {
            return new CookieOutcome(CookieAction.Issue, issued.Token, state.Permanent);
        }
        if (credentials.Source != CredentialSource.Cookie)
        {
            return LeaveAlone;
        }
        if (credentials.Id is not { } id)
        {
            // Forged, truncated or empty: dead without asking storage.
            return Clear;
        }
        return state.Kind switch
        {
            SessionStateKind.Absent or SessionStateKind.Ended => Clear,
            SessionStateKind.Live when state.Permanent => new CookieOutcome(CookieAction.Issue, id.Renewed ?? id.Token, Permanent: true),
            SessionStateKind.LifetimeChanged => new CookieOutcome(CookieAction.Issue, id.Renewed ?? id.Token, state.Permanent),
            SessionStateKind.Live when id.Renewed is { } renewed => new CookieOutcome(CookieAction.Issue, renewed, Permanent: false),
            _ => LeaveAlone,
        };
    }
}
