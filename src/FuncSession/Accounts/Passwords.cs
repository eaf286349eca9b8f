using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
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
/// Requests hash one at a time per core (<see cref="HashAsync"/>, <see cref="VerifyAsync"/>) and
/// wait their turn without holding a thread, so a burst of logins finishes in order instead of all
/// slowing down together, and leaves threads for the session requests. At most
/// <see cref="AccountOptions.PasswordHashQueueLimit"/> wait; one more is refused at once with
/// <see cref="PasswordsBusyException"/>, since a queue without end turns a flood into latency for everyone.
/// </summary>
internal sealed partial class Passwords
{
    private readonly PasswordHasher<UserRecord> _hasher;
    private readonly string _dummyHash;
    private readonly ConcurrencyLimiter _turns;
    private int _hashing;
    private int _mostHashing;

    public Passwords(IOptions<AccountOptions> options, ILogger<Passwords> logger)
        : this(options, logger, Environment.ProcessorCount)
    {
    }

    internal Passwords(IOptions<AccountOptions> options, ILogger<Passwords> logger, int hashesAtOnce)
    {
        _turns = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, hashesAtOnce),
            QueueLimit = options.Value.PasswordHashQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
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

    /// <summary>The most hashes that ran at the same time through the async methods; for tests.</summary>
    internal int MostHashesAtOnce => Volatile.Read(ref _mostHashing);

    public string Hash(string password) => _hasher.HashPassword(null!, Prepare(password));

    /// <summary><see cref="Hash"/>, when a core is free.</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        InTurnAsync(() => Hash(password), cancellationToken);

    /// <summary><see cref="Verify"/>, when a core is free.</summary>
    public Task<PasswordVerificationResult> VerifyAsync(string? hash, string password, CancellationToken cancellationToken) =>
        InTurnAsync(() => Verify(hash, password), cancellationToken);

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

    internal async Task<T> InTurnAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        // The limiter hands out a free turn without looking at the token; a request already gone hashes nothing.
        cancellationToken.ThrowIfCancellationRequested();
        using var turn = await _turns.AcquireAsync(1, cancellationToken);
        if (!turn.IsAcquired)
        {
            throw new PasswordsBusyException();
        }
        try
        {
            var now = Interlocked.Increment(ref _hashing);
            for (var most = Volatile.Read(ref _mostHashing); now > most; most = Volatile.Read(ref _mostHashing))
            {
                Interlocked.CompareExchange(ref _mostHashing, now, most);
            }
            return work();
        }
        finally
        {
            Interlocked.Decrement(ref _hashing);
        }
    }

    private static string Prepare(string password) => password.Normalize(NormalizationForm.FormKC);

    private static partial class Log
    {
        [LoggerMessage(LogEvents.WeakPasswordHashing, LogLevel.Warning, "Passwords are hashed with {Iterations} PBKDF2 iterations, fewer than the recommended {Recommended}; use this only for tests.")]
        public static partial void WeakIterations(ILogger logger, int iterations, int recommended);
    }
}
