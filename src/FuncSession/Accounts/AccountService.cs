using FuncSession.Sessions;
using FuncSession.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace FuncSession.Accounts;

/// <summary>Registers accounts and checks passwords, throttled per user name.</summary>
internal sealed partial class AccountService(
    IUserStore users,
    Passwords passwords,
    LoginThrottle throttle,
    TimeProvider time,
    FuncSessionMetrics metrics,
    ILogger<AccountService> logger)
{
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
    }
}
