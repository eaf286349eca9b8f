using FuncSession.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Accounts;

/// <summary>
/// Limits password guesses per user name, for names that exist and names that do not alike. Each
/// attempt is counted BEFORE its password is checked, with an ETag-guarded write retried on
/// conflict: parallel guesses cannot slip past the limit, and every one of them is counted. After
/// <see cref="AccountOptions.LoginFailureLimit"/> consecutive failures the name is locked for
/// <see cref="AccountOptions.LoginLockout"/>; every further lockout doubles up to
/// <see cref="AccountOptions.LoginLockoutMax"/>. A success forgets it all.
/// </summary>
internal sealed partial class LoginThrottle(
    ILoginThrottleStore store,
    IOptions<AccountOptions> options,
    TimeProvider time,
    ILogger<LoginThrottle> logger)
{
    /// <summary>Enough rounds for dozens of simultaneous attempts: every round one writer wins.</summary>
    internal const int MaxWriteAttempts = 64;

    private readonly AccountOptions _options = options.Value;

    /// <summary>
    /// Counts an attempt on the name. Returns null when the password may be checked, or how long
    /// the name stays locked (the attempt is then counted but not checked).
    /// </summary>
    public async Task<TimeSpan?> AdmitAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken);
            var now = time.GetUtcNow();
            var next = current?.Clone() ?? new LoginThrottleState { Key = key };
            next.Failures++;
            next.LastFailureAt = now;

            TimeSpan? locked = null;
            if (current?.LockedUntil is { } until && until > now)
            {
                locked = until - now;
            }
            else if (next.Failures >= _options.LoginFailureLimit)
            {
                // This attempt is the last one allowed before the lock, or the one allowed after it
                // ended: it is checked, and the name is locked now, so no parallel attempt gets in.
                next.Lockouts++;
                next.LockedUntil = now + LockoutAfter(next.Lockouts);
            }

            var written = current is null
                ? await store.AddAsync(next, cancellationToken)
                : await store.ReplaceAsync(next, cancellationToken);
            if (written == WriteOutcome.Written)
            {
                if (locked is null && next.LockedUntil > now && current?.LockedUntil != next.LockedUntil)
                {
                    Log.Locked(logger, next.Lockouts, next.LockedUntil.Value - now);
                }
                return locked;
            }
        }
        // Fail closed: an attempt that could not be counted is not checked.
        throw new AccountBusyException("login-attempt counter", MaxWriteAttempts);
    }

    /// <summary>A successful login: the name's failures and lockouts are forgotten.</summary>
    public Task ResetAsync(string key, CancellationToken cancellationToken) => store.DeleteAsync(key, cancellationToken);

    /// <summary>The length of the <paramref name="lockouts"/>-th lockout: the first one doubled each time, up to the cap.</summary>
    internal TimeSpan LockoutAfter(int lockouts)
    {
        var doublings = Math.Min(lockouts - 1, 30);
        var ticks = _options.LoginLockout.Ticks * (double)(1L << doublings);
        return ticks >= _options.LoginLockoutMax.Ticks ? _options.LoginLockoutMax : TimeSpan.FromTicks((long)ticks);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.UserLocked, LogLevel.Warning, "A user name was locked after failed logins (lockout {Lockouts}, for {Duration}).")]
        public static partial void Locked(ILogger logger, int lockouts, TimeSpan duration);
    }
}
