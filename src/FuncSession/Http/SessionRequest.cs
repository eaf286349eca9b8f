using FuncSession.Security;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary>
/// One request's view of its session: the credentials it came with, and what the endpoint found or
/// did to the session (<see cref="State"/>), from which <see cref="CookieOutcome"/> follows.
/// Endpoints report; they never write cookies.
/// </summary>
internal sealed class SessionRequest
{
    internal SessionRequest(HttpRequest http, SessionCredentials credentials)
    {
        Http = http;
        Credentials = credentials;
    }

    public HttpRequest Http { get; }

    public SessionCredentials Credentials { get; }

    /// <summary>The id the request presented, when it was genuine.</summary>
    public SessionId? Id => Credentials.Id;

    /// <summary>The answer header that carries <see cref="RenewedBearerToken"/>.</summary>
    public const string RenewedTokenHeader = "Session-Token";

    internal SessionState State { get; private set; }

    /// <summary>What the answer must do to the client's cookie.</summary>
    internal CookieOutcome CookieOutcome => CookieOutcome.Decide(Credentials, State);

    /// <summary>
    /// When the request's bearer token was signed by a key other than the signing key and named a
    /// session that is still in use: the same token signed by the signing key, sent back in the
    /// <see cref="RenewedTokenHeader"/> header for the client to use from now on. Cookies are
    /// renewed by <see cref="CookieOutcome"/>.
    /// </summary>
    internal string? RenewedBearerToken =>
        Credentials is { Source: CredentialSource.Bearer, Id.Renewed: { } renewed }
            && State.Kind is SessionStateKind.Live or SessionStateKind.LifetimeChanged
            ? renewed
            : null;

    /// <summary>After a read or write of the presented session: the usable session, or null when there was none.</summary>
    internal void Saw(SessionRecord? session) =>
        State = session is null ? new SessionState(SessionStateKind.Absent) : new SessionState(SessionStateKind.Live, Permanent: session.Permanent);

    /// <summary>After an update: a newly created session, or what became of the presented one.</summary>
    internal void Saw(SessionUpdate update)
    {
        if (update.Issued is { } issued)
        {
            Issue(issued, update.Session?.Permanent ?? false);
            return;
        }
        Saw(update.Session);
    }

    /// <summary>The client is to hold <paramref name="id"/> from now on.</summary>
    internal void Issue(SessionId id, bool permanent) => State = new SessionState(SessionStateKind.Issued, id, permanent);

    /// <summary>The presented session became permanent, or stopped being so.</summary>
    internal void LifetimeChanged(bool permanent) => State = new SessionState(SessionStateKind.LifetimeChanged, Permanent: permanent);

    /// <summary>The session was ended.</summary>
    internal void Ended() => State = new SessionState(SessionStateKind.Ended);
}
