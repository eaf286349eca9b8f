namespace FuncSession.Sessions;

/// <summary>A write lost to concurrent writers more often than the configured number of attempts.</summary>
public sealed class SessionConflictException(int attempts)
    : Exception($"The session was changed by other requests {attempts} times in a row; try again.");
