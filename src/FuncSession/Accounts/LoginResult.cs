namespace FuncSession.Accounts;

/// <summary>What a login attempt came to.</summary>
/// <param name="User">The account, when the password matched.</param>
/// <param name="RetryAfter">How long the name stays locked, when the attempt was refused unchecked.</param>
internal readonly record struct LoginResult(UserRecord? User, TimeSpan? RetryAfter)
{
    public static LoginResult Failed => default;
}
