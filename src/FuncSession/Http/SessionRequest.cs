using FuncSession.Security;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary>
/// One request's view of its session: the credentials it came with, and what the endpoint found or
/// did to the session (<see cref="State"/>), from which <see cref="CookieOutcome"/> follows.
/// Endpoints report; they never write cookies.
/// </summary>
public sealed class SessionRequest
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

    internal SessionState State { get; private set; }

    /// <summary>What the answer must do to the client's cookie.</summary>
    internal CookieOutcome CookieOutcome => CookieOutcome.Decide(Credentials, State);

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
