using FuncSession.Security;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary>
/// One request's view of its session, and what the response must tell the client about it: a new
/// cookie for a new or permanent session, a clearing cookie for a dead one.
/// </summary>
public sealed class SessionRequest
{
    private SessionId? _issued;
    private bool _issuedPermanent;
    private bool _dead;
    private bool _permanentInUse;

    internal SessionRequest(HttpRequest http, SessionCredentials credentials)
    {
        Http = http;
        Credentials = credentials;
        // A cookie that is not ours (forged, truncated, empty) is dead without asking storage.
        _dead = credentials is { Source: CredentialSource.Cookie, Id: null };
    }

    public HttpRequest Http { get; }

    public SessionCredentials Credentials { get; }

    /// <summary>The id the request presented, when it was genuine.</summary>
    public SessionId? Id => Credentials.Id;

    /// <summary>Called with the session after a read or write: null when there was no live session.</summary>
    internal void Saw(SessionRecord? session)
    {
        if (session is null)
        {
            _dead |= Credentials.Id is not null;
            return;
        }
        _permanentInUse = session.Permanent;
    }

    /// <summary>Called after an update: remembers a newly created session, or the live one.</summary>
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
    internal void Issue(SessionId id, bool permanent)
    {
        _issued = id;
        _issuedPermanent = permanent;
    }

    /// <summary>The live session became permanent or stopped being so: its cookie is sent again with the new lifetime.</summary>
    internal void LifetimeChanged(bool permanent)
    {
        if (_issued is null && Credentials is { Source: CredentialSource.Cookie, Id: { } id })
        {
            Issue(id, permanent);
        }
    }

    /// <summary>The session was ended: the client's cookie is to be cleared.</summary>
    internal void Ended()
    {
        _dead = true;
        _permanentInUse = false;
    }

    internal void WriteCookies(HttpResponse response, SessionCookies cookies)
    {
        if (_issued is { } issued)
        {
            cookies.Issue(response, issued.Token, _issuedPermanent);
            return;
        }
        if (Credentials.Source != CredentialSource.Cookie)
        {
            return;
        }
        if (_dead)
        {
            cookies.Clear(response);
        }
        else if (_permanentInUse && Credentials.Id is { } id)
        {
            // Refreshed on use, like Flask's permanent sessions.
            cookies.Issue(response, id.Token, permanent: true);
        }
    }
}
