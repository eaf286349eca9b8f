using FuncSession.Security;

namespace FuncSession.Sessions;

/// <summary>The result of <see cref="SessionService.UpdateAsync"/>.</summary>
/// <param name="Session">The session after the change; null when there was none and none was created.</param>
/// <param name="Issued">The id of a newly created session, which the client must be given.</param>
/// <param name="Outcome">What the change did.</param>
internal sealed record SessionUpdate(SessionRecord? Session, SessionId? Issued, SessionChange Outcome);
