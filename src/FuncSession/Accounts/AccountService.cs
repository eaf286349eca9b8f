using FuncSession.Sessions;
using FuncSession.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Accounts;

/// <summary>Registers, changes and deletes accounts and checks passwords, throttled per user name.</summary>
internal sealed partial class AccountService(
    IUserStore users,
    Passwords passwords,
    LoginThrottle throttle,
    IOptions<SessionOptions> sessionOptions,
    TimeProvider time,
    FuncSessionMetrics metrics,
    ILogger<AccountService> logger)
{
    /// <summary>How often a password change or deletion re-reads the account after a concurrent write to it.</summary>
    private const int WriteAttempts = 5;

    /// <summary>
    /// How long a deleted account's name stays taken: <see cref="SessionOptions.MaxLifetime"/>, after
    /// which no session of the old account can be usable, even one that a deletion stopped halfway
    /// left behind. A new account of the same name never inherits such a session (sessions name their
    /// user by the normalized name), and nobody mistakes a newcomer for the old user for that long.
    /// </summary>
    public TimeSpan DeletedNameReservation { get; } = sessionOptions.Value.MaxLifetime;

    /// <summary>
    /// How long after an account was created a registration of the same name and password counts as
    /// a repeat of the one that created it (whose answer may have been lost), not as a second one.
    /// </summary>
    internal static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Creates the account; false when the name (after normalization) is taken, also by a simultaneous
    /// registration. A repeat of a registration that succeeded moments ago, with the same password,
    /// succeeds again, so repeating a registration whose answer was lost is safe.
    /// </summary>
    public async Task<bool> RegisterAsync(UserName name, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new UserRecord
        {
            Key = name.Key,
            Name = name.Display,
            PasswordHash = await passwords.HashAsync(password, cancellationToken),
            CreatedAt = now,
        };
        if (await users.AddAsync(user, cancellationToken) == WriteOutcome.Written)
        {
            return true;
        }
        var existing = await users.GetAsync(name.Key, cancellationToken);
        if (existing?.DeletedAt is { } deletedAt)
        {
            return now - deletedAt >= DeletedNameReservation && await TakeOverAsync(existing, user, cancellationToken);
        }
        return existing is not null
            && existing.Name == name.Display
            && now - existing.CreatedAt < RepeatWindow
            && await passwords.VerifyAsync(existing.PasswordHash, password, cancellationToken) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// Checks a login. Unknown names and wrong passwords take the same path and the same time
    /// and come back the same; a locked name is refused without looking at the password.
    /// </summary>
    public async Task<LoginResult> AuthenticateAsync(UserName name, string password, CancellationToken cancellationToken)
    {
        if (await throttle.AdmitAsync(name.Key, cancellationToken) is { } retryAfter)
        {
            metrics.Login(FuncSessionMetrics.LoginOutcomes.Throttled);
            return new LoginResult(null, retryAfter);
        }

        var user = await users.GetAsync(name.Key, cancellationToken);
        if (user?.DeletedAt is not null)
        {
            // A deleted account takes the path of an unknown name: same work, same answer.
            user = null;
        }
        var verdict = await passwords.VerifyAsync(user?.PasswordHash, password, cancellationToken);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            metrics.Login(FuncSessionMetrics.LoginOutcomes.Failed);
            return LoginResult.Failed;
        }

        await throttle.ResetAsync(name.Key, cancellationToken);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await RehashAsync(user, password, cancellationToken);
        }
        metrics.Login(FuncSessionMetrics.LoginOutcomes.Succeeded);
        return new LoginResult(user, null);
    }

    /// <summary>
    /// Changes the password of the logged-in user <paramref name="userKey"/>. The attempt is counted
    /// by the name's <see cref="LoginThrottle"/> before the current password is checked, as a login's
    /// is. The new hash and a new session epoch are written together, conditional on the version
    /// whose hash was checked: a login that checked the old password before this write fails its
    /// epoch check when it tries to confirm its session, and one that read the account after it must
    /// know the new password. When <paramref name="currentPassword"/> does not match but
    /// <paramref name="newPassword"/> does, an earlier request already made this change and its
    /// answer was lost: <see cref="AccountCheckOutcome.Repeated"/>, and the caller goes on.
    /// </summary>
    public async Task<AccountCheck> ChangePasswordAsync(
        string userKey, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        if (await throttle.AdmitAsync(userKey, cancellationToken) is { } retryAfter)
        {
            metrics.Login(FuncSessionMetrics.LoginOutcomes.Throttled);
            return new AccountCheck(AccountCheckOutcome.Locked, retryAfter);
        }
        string? newHash = null;
        string? checkedHash = null;
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            if (await users.GetAsync(userKey, cancellationToken) is not { DeletedAt: null } user)
            {
                return new AccountCheck(AccountCheckOutcome.Gone);
            }
            // Re-checked only when the hash changed since it was checked (another change, not an epoch or a rehash of the same password).
            if (user.PasswordHash != checkedHash)
            {
                if (await passwords.VerifyAsync(user.PasswordHash, currentPassword, cancellationToken) == PasswordVerificationResult.Failed)
                {
                    if (checkedHash is null
                        && await passwords.VerifyAsync(user.PasswordHash, newPassword, cancellationToken) != PasswordVerificationResult.Failed)
                    {
                        await throttle.ResetAsync(userKey, cancellationToken);
                        return new AccountCheck(AccountCheckOutcome.Repeated);
                    }
                    metrics.Login(FuncSessionMetrics.LoginOutcomes.Failed);
                    return new AccountCheck(AccountCheckOutcome.WrongPassword);
                }
                if (checkedHash is null)
                {
                    await throttle.ResetAsync(userKey, cancellationToken);
                }
            }
            newHash ??= await passwords.HashAsync(newPassword, cancellationToken);
            var checkedNow = user.PasswordHash;
            user.PasswordHash = newHash;
            user.SessionEpoch++;
            if (await users.ReplaceAsync(user, cancellationToken) == WriteOutcome.Written)
            {
                Log.PasswordChanged(logger);
                return new AccountCheck(AccountCheckOutcome.Done);
            }
            checkedHash = checkedNow;
        }
        throw new AccountBusyException("user record", WriteAttempts);
    }

    /// <summary>
    /// The first step of deleting the account of the logged-in user <paramref name="userKey"/>: checks
    /// the password (counted by the throttle as a login is), then turns the account into a tombstone
    /// in one conditional write: no password (no login succeeds from here), a new session epoch (no
    /// login in flight confirms its session), <see cref="UserRecord.DeletedAt"/> set (the name stays
    /// taken for <see cref="DeletedNameReservation"/>). An account that is a tombstone already was
    /// deleted by an earlier request that stopped or whose answer was lost:
    /// <see cref="AccountCheckOutcome.Repeated"/>, without a password check, so the caller finishes
    /// the job for any session of the account that is still alive.
    /// </summary>
    public async Task<AccountCheck> DeleteAsync(string userKey, string password, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(userKey, cancellationToken);
        if (user is null)
        {
            return new AccountCheck(AccountCheckOutcome.Gone);
        }
        if (user.DeletedAt is not null)
        {
            return new AccountCheck(AccountCheckOutcome.Repeated);
        }
        if (await throttle.AdmitAsync(userKey, cancellationToken) is { } retryAfter)
        {
            metrics.Login(FuncSessionMetrics.LoginOutcomes.Throttled);
            return new AccountCheck(AccountCheckOutcome.Locked, retryAfter);
        }
        string? checkedHash = null;
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            if (user.DeletedAt is not null)
            {
                return new AccountCheck(AccountCheckOutcome.Repeated);
            }
            if (user.PasswordHash != checkedHash)
            {
                if (await passwords.VerifyAsync(user.PasswordHash, password, cancellationToken) == PasswordVerificationResult.Failed)
                {
                    metrics.Login(FuncSessionMetrics.LoginOutcomes.Failed);
                    return new AccountCheck(AccountCheckOutcome.WrongPassword);
                }
                checkedHash = user.PasswordHash;
            }
            user.PasswordHash = "";
            user.Name = user.Key;
            user.SessionEpoch++;
            user.DeletedAt = time.GetUtcNow();
            if (await users.ReplaceAsync(user, cancellationToken) == WriteOutcome.Written)
            {
                Log.AccountDeleted(logger);
                return new AccountCheck(AccountCheckOutcome.Done);
            }
            if (await users.GetAsync(userKey, cancellationToken) is not { } fresh)
            {
                return new AccountCheck(AccountCheckOutcome.Gone);
            }
            user = fresh;
        }
        throw new AccountBusyException("user record", WriteAttempts);
    }

    /// <summary>Forgets the name's failed logins: the last step of a deletion.</summary>
    public Task ForgetFailuresAsync(string userKey, CancellationToken cancellationToken) => throttle.ResetAsync(userKey, cancellationToken);

    /// <summary>
    /// A registration of a name whose reservation after a deletion ran out: the new account replaces
    /// the tombstone, conditional on its version, so of two such registrations one wins. Its session
    /// epoch continues the tombstone's, so nothing that counted on the old account's epoch matches.
    /// </summary>
    private async Task<bool> TakeOverAsync(UserRecord tombstone, UserRecord user, CancellationToken cancellationToken)
    {
        user.SessionEpoch = tombstone.SessionEpoch + 1;
        user.Version = tombstone.Version;
        return await users.ReplaceAsync(user, cancellationToken) == WriteOutcome.Written;
    }

    /// <summary>The stored hash has weaker parameters than today's: replace it while the password is at hand.</summary>
    private async Task RehashAsync(UserRecord user, string password, CancellationToken cancellationToken)
    {
        user.PasswordHash = await passwords.HashAsync(password, cancellationToken);
        // A concurrent change (another login's rehash) already did the job, or will be redone next time.
        if (await users.ReplaceAsync(user, cancellationToken) == WriteOutcome.Written)
        {
            Log.Rehashed(logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Rehashed, LogLevel.Information, "A password hash with outdated parameters was replaced at login.")]
        public static partial void Rehashed(ILogger logger);

        [LoggerMessage(LogEvents.PasswordChanged, LogLevel.Information, "A user changed their password; their other sessions are being ended.")]
        public static partial void PasswordChanged(ILogger logger);

        [LoggerMessage(LogEvents.AccountDeleted, LogLevel.Information, "A user deleted their account; its sessions and lists are being removed.")]
        public static partial void AccountDeleted(ILogger logger);
    }
}
