namespace FuncSession.Accounts;

/// <summary>The failed-login counters of one normalized user name, known or not.</summary>
internal sealed class LoginThrottleState
{
    public required string Key { get; init; }

    /// <summary>Consecutive failed attempts since the last success, refused ones included.</summary>
    public int Failures { get; set; }

    /// <summary>How many times the name was locked since the last success; each lockout doubles the next.</summary>
    public int Lockouts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    /// <summary>The storage version (ETag) this state was read at; null for a new one.</summary>
    public string? Version { get; set; }

    public LoginThrottleState Clone() => (LoginThrottleState)MemberwiseClone();
}
