using FuncSession.Security;

namespace FuncSession.Http;

/// <summary>What a request found or did to its session, as far as the client's cookie is concerned.</summary>
internal enum SessionStateKind
{
    /// <summary>The request did not look at its session (for example: it was refused before).</summary>
    NotLooked,

    /// <summary>It looked, and the presented session is not usable (absent, expired, ended, rotated).</summary>
    Absent,

    /// <summary>The presented session is usable and its lifetime did not change.</summary>
    Live,

    /// <summary>The presented session is usable and became permanent, or stopped being so.</summary>
    LifetimeChanged,

    /// <summary>The client is to hold a new session id from now on (a new session, or a login).</summary>
    Issued,

    /// <summary>The session was ended.</summary>
    Ended,
}

/// <summary>One request's <see cref="SessionStateKind"/>, with the id it issued and whether the session is permanent.</summary>
internal readonly record struct SessionState(SessionStateKind Kind, SessionId? Issued = null, bool Permanent = false)
{
    public static SessionState NotLooked => default;
}
