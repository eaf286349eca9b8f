using System.Text.RegularExpressions;
using FuncSession.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession;

/// <summary>
/// Checks <see cref="SessionOptions"/> at start-up, so a bad setting stops the app with a message
/// that names the app setting instead of failing requests later.
/// </summary>
internal sealed partial class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        var failures = new List<string>();

        if (!SigningKeyRing.TryParse(options.SigningKeys, out _, out var keyError))
        {
            failures.Add($"{Setting(nameof(SessionOptions.SigningKeys))} {keyError}");
        }

        Range(failures, nameof(SessionOptions.IdleTimeout), options.IdleTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Range(failures, nameof(SessionOptions.AbsoluteTimeout), options.AbsoluteTimeout, options.IdleTimeout, TimeSpan.FromDays(400));
        Range(failures, nameof(SessionOptions.PermanentLifetime), options.PermanentLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(400));
        Range(failures, nameof(SessionOptions.TouchInterval), options.TouchInterval, TimeSpan.Zero, options.IdleTimeout / 2);
        Range(failures, nameof(SessionOptions.ExpiryBucket), options.ExpiryBucket, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Range(failures, nameof(SessionOptions.StorageTimeout), options.StorageTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(failures, nameof(SessionOptions.MaxSessionBytes), options.MaxSessionBytes, 1024, SessionDefaults.StorageMaxSessionBytes);
        Range(failures, nameof(SessionOptions.MaxAnonymousSessionBytes), options.MaxAnonymousSessionBytes, 1024, options.MaxSessionBytes);
        Range(failures, nameof(SessionOptions.MaxLifetime), options.MaxLifetime, options.PermanentLifetime, TimeSpan.FromDays(3650));
        Range(failures, nameof(SessionOptions.MaxWriteAttempts), options.MaxWriteAttempts, 1, 100);
        Range(failures, nameof(SessionOptions.WriteQueueTimeout), options.WriteQueueTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Range(failures, nameof(SessionOptions.ExpiryShards), options.ExpiryShards, 1, 100);
        Range(failures, nameof(SessionOptions.StorageRetries), options.StorageRetries, 0, 10);
        Range(failures, nameof(SessionOptions.StorageConnections), options.StorageConnections, 1, 1000);
        Range(failures, nameof(SessionOptions.SweepTimeBudget), options.SweepTimeBudget, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(failures, nameof(SessionOptions.SweepParallelism), options.SweepParallelism, 1, 64);
        Range(failures, nameof(SessionOptions.NewSessionsPerAddress), options.NewSessionsPerAddress, 1, 1_000_000);
        Range(failures, nameof(SessionOptions.NewSessionWindow), options.NewSessionWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (options.ClientAddressHeader.Length > 0 && !HeaderNamePattern().IsMatch(options.ClientAddressHeader))
        {
            failures.Add($"{Setting(nameof(SessionOptions.ClientAddressHeader))} must be a header name such as X-Forwarded-For, or empty for the connection's address (it is '{options.ClientAddressHeader}').");
        }

        if (!CookieNamePattern().IsMatch(options.CookieName))
        {
            failures.Add($"{Setting(nameof(SessionOptions.CookieName))} must be 1 to 64 letters, digits, '-' or '_' (it is '{options.CookieName}').");
        }
        if (options.CookieName.StartsWith("__Host-", StringComparison.Ordinal) && !options.CookieSecure)
        {
            failures.Add($"{Setting(nameof(SessionOptions.CookieName))} starts with '__Host-', which browsers accept only with {Setting(nameof(SessionOptions.CookieSecure))} = true.");
        }
        if (options.CookieSameSite is not (SameSiteMode.Lax or SameSiteMode.Strict or SameSiteMode.None))
        {
            failures.Add($"{Setting(nameof(SessionOptions.CookieSameSite))} must be Lax, Strict or None.");
        }
        if (options.CookieSameSite == SameSiteMode.None && !options.CookieSecure)
        {
            failures.Add($"{Setting(nameof(SessionOptions.CookieSameSite))} = None needs {Setting(nameof(SessionOptions.CookieSecure))} = true.");
        }
        foreach (var origin in AllowedOriginList.Split(options.AllowedOrigins))
        {
            if (!AllowedOriginList.IsOrigin(origin))
            {
                failures.Add($"{Setting(nameof(SessionOptions.AllowedOrigins))} holds '{origin}', which is not an origin such as https://app.example.com (scheme, host and optional port, no path).");
            }
        }
        if (options.TablePrefix.Length > 0 && !TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"{Setting(nameof(SessionOptions.TablePrefix))} must start with a letter and hold at most 20 letters and digits (it is '{options.TablePrefix}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The setting as a configuration key and as an app setting name.</summary>
    internal static string Setting(string property) =>
        $"{SessionDefaults.ConfigurationSection}:{property} (app setting {SessionDefaults.ConfigurationSection}__{property})";

    private static void Range<T>(List<string> failures, string property, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Setting(property)} is {value}; it must lie between {min} and {max}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CookieNamePattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,19}$")]
    private static partial Regex TablePrefixPattern();
}
