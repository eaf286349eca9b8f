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

    /// <summary>
    /// Login attempts one client address may make per <see cref="AddressLimitWindow"/>, counted in
    /// Table Storage so the limit holds across instances. Default 120.
    /// </summary>
    public int LoginsPerAddress { get; set; } = AccountDefaults.LoginsPerAddress;

    /// <summary>Registrations one client address may make per <see cref="AddressLimitWindow"/>, counted in Table Storage. Default 10.</summary>
    public int RegistrationsPerAddress { get; set; } = AccountDefaults.RegistrationsPerAddress;

    /// <summary>The fixed window of the per-address login and registration limits. Default 1 minute.</summary>
    public TimeSpan AddressLimitWindow { get; set; } = AccountDefaults.AddressLimitWindow;

    /// <summary>
    /// How long an instance holds the answer to a login or registration from an address it has
    /// already refused in this window (never longer than the Retry-After it gave): a client that
    /// ignores Retry-After and asks again at once is slowed to one attempt per pause per connection,
    /// instead of making the instance spend its CPU on refusals. At most
    /// <see cref="AccountDefaults.MaxPausedRefusals"/> answers are held at once on an instance; beyond
    /// that they are answered at once. Zero answers at once. Default 1 second.
    /// </summary>
    public TimeSpan RefusalPause { get; set; } = AccountDefaults.RefusalPause;

    /// <summary>
    /// How many logins and registrations of one client address one instance works on at once; more
    /// are answered 429 (after <see cref="RefusalPause"/>). Keeps one address from filling the
    /// password-hash queue, so other addresses wait behind at most this many of its hashes. Default 2.
    /// </summary>
    public int ConcurrentLoginsPerAddress { get; set; } = AccountDefaults.ConcurrentLoginsPerAddress;

    /// <summary>
    /// How many password hashes may wait for a core on one instance; a login or registration
    /// beyond them is answered 503 at once with Retry-After. Default 16.
    /// </summary>
    public int PasswordHashQueueLimit { get; set; } = AccountDefaults.PasswordHashQueueLimit;
}
