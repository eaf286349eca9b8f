using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Accounts;

/// <summary>
/// Hashes and verifies passwords with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (V3: PBKDF2-HMAC-SHA512, 128-bit salt, 256-bit subkey) at the configured iteration count.
/// Passwords are NFKC-normalized first (as NIST SP 800-63B advises), so the same password typed
/// on two keyboards matches, but never truncated or case-folded. A dummy hash with the same
/// parameters, made once at start-up, gives unknown names the same cost as wrong passwords.
/// </summary>
internal sealed partial class Passwords
{
    private readonly PasswordHasher<UserRecord> _hasher;
    private readonly string _dummyHash;

    public Passwords(IOptions<AccountOptions> options, ILogger<Passwords> logger)
    {
        var iterations = options.Value.PasswordHashIterations;
        _hasher = new PasswordHasher<UserRecord>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = iterations,
        }));
        _dummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        if (iterations < AccountDefaults.PasswordHashIterations)
        {
            Log.WeakIterations(logger, iterations, AccountDefaults.PasswordHashIterations);
        }
    }

    public string Hash(string password) => _hasher.HashPassword(null!, Prepare(password));

    /// <summary>
    /// Checks <paramref name="password"/> against <paramref name="hash"/>; with no hash (no such
    /// user) against the dummy, so the answer takes as long, and is always a failure.
    /// </summary>
    public PasswordVerificationResult Verify(string? hash, string password)
    {
        PasswordVerificationResult result;
        try
        {
            result = _hasher.VerifyHashedPassword(null!, hash ?? _dummyHash, Prepare(password));
        }
        catch (FormatException)
        {
            result = PasswordVerificationResult.Failed;
        }
        return hash is null ? PasswordVerificationResult.Failed : result;
    }

    private static string Prepare(string password) => password.Normalize(NormalizationForm.FormKC);

    private static partial class Log
    {
        [LoggerMessage(31, LogLevel.Warning, "Passwords are hashed with {Iterations} PBKDF2 iterations, fewer than the recommended {Recommended}; use this only for tests.")]
        public static partial void WeakIterations(ILogger logger, int iterations, int recommended);
    }
}
