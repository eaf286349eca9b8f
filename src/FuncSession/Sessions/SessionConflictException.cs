namespace FuncSession.Sessions;

/// <summary>
/// A write could not get through: it lost to concurrent writers more often than the configured
/// number of attempts, or waited too long behind other writes to the same session.
/// </summary>
internal sealed class SessionConflictException : Exception
{
    public SessionConflictException(int attempts)
        : base($"The session was changed by other requests {attempts} times in a row; try again.")
    {
    }

    public SessionConflictException(TimeSpan waited)
        : base($"Other writes to the session kept this one waiting for {waited.TotalSeconds:0.#} s; try again.")
    {
    }
}
