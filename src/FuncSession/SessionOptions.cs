using Microsoft.AspNetCore.Http;

namespace FuncSession;

/// <summary>
/// Settings of the session service, bound from the <c>FuncSession</c> configuration section
/// (app settings <c>FuncSession__Name</c>). Every value is checked at start-up by
/// <see cref="SessionOptionsValidator"/>.
/// </summary>
public sealed class SessionOptions
{
    /// <summary>
    /// The signing key ring: base64 keys of at least 32 bytes each, separated by commas. The first
    /// key signs new cookies, every key verifies. Required; there is no default.
    /// </summary>
    public string SigningKeys { get; set; } = "";

    /// <summary>How long a non-permanent session lives without being used. Default 30 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = SessionDefaults.IdleTimeout;

    /// <summary>The longest a non-permanent session lives, however often it is used. Default 12 hours.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = SessionDefaults.AbsoluteTimeout;

    /// <summary>The lifetime of a permanent session, refreshed on use. Default 31 days.</summary>
    public TimeSpan PermanentLifetime { get; set; } = SessionDefaults.PermanentLifetime;

    /// <summary>
    /// The longest any session lives, counted from its creation (a login creates a new one), however
    /// it is used and whether permanent or not. Default 90 days; at least <see cref="PermanentLifetime"/>.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = SessionDefaults.MaxLifetime;

    /// <summary>
    /// A read refreshes the stored expiry only when that would move it by more than this, so most
    /// reads cost a single storage operation. Default 1 minute.
    /// </summary>
    public TimeSpan TouchInterval { get; set; } = SessionDefaults.TouchInterval;

    /// <summary>The largest session, counted as the UTF-8 bytes of its values' JSON. Default 512 KiB.</summary>
    public int MaxSessionBytes { get; set; } = SessionDefaults.MaxSessionBytes;

    /// <summary>
    /// The largest session nobody is logged in to, so that a client without an account cannot make the
    /// service store much. Default 64 KiB; at most <see cref="MaxSessionBytes"/>.
    /// </summary>
    public int MaxAnonymousSessionBytes { get; set; } = SessionDefaults.MaxAnonymousSessionBytes;

    /// <summary>
    /// How many times a write re-reads and re-applies after a concurrent change (by another
    /// instance: writes on one instance take turns), with a growing random pause between
    /// attempts. Default 10.
    /// </summary>
    public int MaxWriteAttempts { get; set; } = SessionDefaults.MaxWriteAttempts;

    /// <summary>
    /// How long a write may wait for earlier writes to the same session on this instance before
    /// the request answers 503 <c>session-busy</c>. Default 10 seconds.
    /// </summary>
    public TimeSpan WriteQueueTimeout { get; set; } = SessionDefaults.WriteQueueTimeout;

    /// <summary>The width of one expiry-index bucket. Default 5 minutes.</summary>
    public TimeSpan ExpiryBucket { get; set; } = SessionDefaults.ExpiryBucket;

    /// <summary>How many partitions each expiry bucket is spread over. Default 8.</summary>
    public int ExpiryShards { get; set; } = SessionDefaults.ExpiryShards;

    /// <summary>The session cookie's name. Default <c>session</c>; <c>__Host-session</c> when Secure.</summary>
    public string CookieName { get; set; } = SessionDefaults.CookieName;

    /// <summary>Whether the cookie is sent over HTTPS only. Default false for local HTTP; always true in Azure.</summary>
    public bool CookieSecure { get; set; }

    /// <summary>The cookie's SameSite attribute: Lax (default), Strict or None (None needs Secure).</summary>
    public SameSiteMode CookieSameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>
    /// Origins besides the API's own that may send unsafe requests authenticated by cookie,
    /// separated by commas, for example <c>https://app.example.com</c>. Default none.
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>Prefix of every table name, so several apps can share one account. Default none.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Whether tables are created when the app starts (they may be created by the deployment). Default true.</summary>
    public bool CreateTablesOnStartup { get; set; } = true;

    /// <summary>The longest one storage attempt may take before it counts as failed. Default 5 seconds.</summary>
    public TimeSpan StorageTimeout { get; set; } = SessionDefaults.StorageTimeout;

    /// <summary>How many times a failed storage call is retried before the request answers 503. Default 2.</summary>
    public int StorageRetries { get; set; } = SessionDefaults.StorageRetries;

    /// <summary>
    /// The most connections one instance keeps open to Table Storage; calls beyond them wait for a
    /// free one. Bounds the outbound ports an instance uses (Azure allots each instance a limited
    /// number of SNAT ports per destination). Default 64.
    /// </summary>
    public int StorageConnections { get; set; } = SessionDefaults.StorageConnections;

    /// <summary>
    /// How long one cleanup sweep may run before it stops starting new work; the next run goes on
    /// where it stopped. Keep it below the period of the <c>SessionCleanupSchedule</c> timer and below
    /// the Function App's function timeout. Default 4 minutes.
    /// </summary>
    public TimeSpan SweepTimeBudget { get; set; } = SessionDefaults.SweepTimeBudget;

    /// <summary>How many sessions (and index transactions) a cleanup sweep works on at once. Default 16.</summary>
    public int SweepParallelism { get; set; } = SessionDefaults.SweepParallelism;

    /// <summary>
    /// The request header whose right-most address is the client's, as the platform's front end
    /// appends it: <c>X-Forwarded-For</c> behind Azure App Service / Functions. Empty (the default)
    /// uses the connection's remote address, which is right when clients connect directly (locally).
    /// Set it only behind a front end that always appends to this header: a client can put any
    /// value in it, and only the entry the front end added last is trusted.
    /// </summary>
    public string ClientAddressHeader { get; set; } = "";

    /// <summary>
    /// How many new sessions one client address may create per <see cref="NewSessionWindow"/> on one
    /// instance (anonymous sessions made by PUT or PATCH; logins are limited by their own settings).
    /// Default 60.
    /// </summary>
    public int NewSessionsPerAddress { get; set; } = SessionDefaults.NewSessionsPerAddress;

    /// <summary>The window of <see cref="NewSessionsPerAddress"/>. Default 1 minute.</summary>
    public TimeSpan NewSessionWindow { get; set; } = SessionDefaults.NewSessionWindow;
}
