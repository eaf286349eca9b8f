namespace FuncSession.Accounts;

/// <summary>
/// Settings of accounts and login, bound from the same <c>FuncSession</c> section as
/// <see cref="SessionOptions"/> (app settings <c>FuncSession__Name</c>) and checked at start-up by
/// <see cref="AccountOptionsValidator"/>.
/// </summary>
public sealed class AccountOptions
{
    /// <summary>Whether <c>POST /api/auth/register</c> creates accounts; when false it answers 404. Default true.</summary>
    public bool RegistrationEnabled { get; set; } = true;

    /// <summary>
    /// PBKDF2-HMAC-SHA512 iterations of new password hashes. Default 210,000 (OWASP's figure for
    /// HMAC-SHA512). A stored hash with fewer iterations is rehashed at the next successful login.
    /// </summary>
    public int PasswordHashIterations { get; set; } = AccountDefaults.PasswordHashIterations;

    /// <summary>Consecutive failed logins of one name before it is locked. Default 5.</summary>
    public int LoginFailureLimit { get; set; } = AccountDefaults.LoginFailureLimit;

    /// <summary>The most sessions one user has at a time; a login past it ends the user's oldest. Default 50.</summary>
    public int MaxSessionsPerUser { get; set; } = AccountDefaults.MaxSessionsPerUser;

    /// <summary>How long the first lockout lasts; each further lockout doubles it. Default 30 seconds.</summary>
    public TimeSpan LoginLockout { get; set; } = AccountDefaults.LoginLockout;

    /// <summary>The longest a lockout lasts, however often it doubled. Default 15 minutes.</summary>
    public TimeSpan LoginLockoutMax { get; set; } = AccountDefaults.LoginLockoutMax;
}
