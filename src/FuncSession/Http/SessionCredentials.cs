using FuncSession.Security;

namespace FuncSession.Http;

/// <summary>How a request named its session.</summary>
internal enum CredentialSource
{
    None,
    Cookie,
    Bearer,
}

/// <summary>The session a request presented: its source, and the id when the token was genuine.</summary>
/// <param name="Source">Where the token came from.</param>
/// <param name="Id">The id, when the token was signed by one of our keys.</param>
internal readonly record struct SessionCredentials(CredentialSource Source, SessionId? Id);
