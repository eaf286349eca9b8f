namespace FuncSession;

/// <summary>Default values and fixed names of the session service.</summary>
internal static class SessionDefaults
{
    public const string ConfigurationSection = "FuncSession";
    public const string StorageSection = "SessionStorage";
    public const string CookieName = "session";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);
    public static readonly TimeSpan PermanentLifetime = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ExpiryBucket = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan SweepTimeBudget = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan WriteQueueTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan NewSessionWindow = TimeSpan.FromMinutes(1);

    public const int NewSessionsPerAddress = 60;
    public const int MaxSessionBytes = 512 * 1024;
    public const int MaxAnonymousSessionBytes = 64 * 1024;
    public const int MaxWriteAttempts = 10;
    /// <summary>
    /// Partitions per expiry bucket. Every index write goes with a session write, so the account's
    /// 20,000 requests a second allow at most 10,000 index writes a second; 8 partitions of 2,000
    /// entities a second take 16,000. More shards only add index transactions to every sweep.
    /// </summary>
    public const int ExpiryShards = 8;
    public const int StorageRetries = 2;
    public const int StorageConnections = 64;
    public const int SweepParallelism = 16;

    /// <summary>The storage limit: 15 binary properties of 64 KiB stay under the 1 MiB entity limit.</summary>
    public const int StorageMaxSessionBytes = 15 * 64 * 1024;

    /// <summary>Longest key of a session value.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>The Strict-Transport-Security value of HTTPS answers: one year, this host only.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";
}
