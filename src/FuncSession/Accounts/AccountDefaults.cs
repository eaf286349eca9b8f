namespace FuncSession.Accounts;

/// <summary>Default values and fixed limits of accounts and login.</summary>
internal static class AccountDefaults
{
    /// <summary>
    /// PBKDF2 iterations. ASP.NET Core Identity's V3 hash format uses HMAC-SHA512 (since .NET 7),
    /// and OWASP's Password Storage Cheat Sheet asks 210,000 iterations for PBKDF2-HMAC-SHA512
    /// (600,000 is its figure for HMAC-SHA256, which this format does not use).
    /// </summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>The fewest iterations the settings accept; anything below the default is logged as a warning.</summary>
    public const int MinimumPasswordHashIterations = 1_000;

    public const int LoginFailureLimit = 5;

    /// <summary>The most usable sessions one user has; a login past it ends the oldest.</summary>
    public const int MaxSessionsPerUser = 50;

    public static readonly TimeSpan LoginLockout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LoginLockoutMax = TimeSpan.FromMinutes(15);

    public const int LoginsPerAddress = 120;
    public const int RegistrationsPerAddress = 10;
    public const int PasswordHashQueueLimit = 16;
    public const int ConcurrentLoginsPerAddress = 2;

    public static readonly TimeSpan AddressLimitWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RefusalPause = TimeSpan.FromSeconds(1);
    public const int MaxPausedRefusals = 1000;

    public const int MinUserNameLength = 1;
    public const int MaxUserNameLength = 64;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>How many of the most common passwords (of zxcvbn-core's ranked list) a new password may not be.</summary>
    public const int CommonPasswordCount = 10_000;
}
