using Microsoft.Extensions.Options;

namespace FuncSession.Accounts;

/// <summary>Checks <see cref="AccountOptions"/> at start-up, with messages that name the app setting.</summary>
internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var failures = new List<string>();
        Range(failures, nameof(AccountOptions.PasswordHashIterations), options.PasswordHashIterations,
            AccountDefaults.MinimumPasswordHashIterations, 10_000_000);
        Range(failures, nameof(AccountOptions.LoginFailureLimit), options.LoginFailureLimit, 1, 1000);
        Range(failures, nameof(AccountOptions.MaxSessionsPerUser), options.MaxSessionsPerUser, 1, 1000);
        Range(failures, nameof(AccountOptions.LoginLockout), options.LoginLockout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(failures, nameof(AccountOptions.LoginLockoutMax), options.LoginLockoutMax, options.LoginLockout, TimeSpan.FromDays(1));
        Range(failures, nameof(AccountOptions.LoginsPerAddress), options.LoginsPerAddress, 1, 1_000_000);
        Range(failures, nameof(AccountOptions.RegistrationsPerAddress), options.RegistrationsPerAddress, 1, 1_000_000);
        Range(failures, nameof(AccountOptions.AddressLimitWindow), options.AddressLimitWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(failures, nameof(AccountOptions.RefusalPause), options.RefusalPause, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Range(failures, nameof(AccountOptions.ConcurrentLoginsPerAddress), options.ConcurrentLoginsPerAddress, 1, 1000);
        Range(failures, nameof(AccountOptions.PasswordHashQueueLimit), options.PasswordHashQueueLimit, 0, 100_000);
        if (!UserNames.NormalizationWorks)
        {
            failures.Add("User names are compared after Unicode NFKC normalization, but this process runs in globalization-invariant "
                + "mode (or without ICU), where normalization does nothing. Run it with InvariantGlobalization=false "
                + "(DOTNET_SYSTEM_GLOBALIZATION_INVARIANT unset) and ICU installed.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string property, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{SessionOptionsValidator.Setting(property)} is {value}; it must lie between {min} and {max}.");
        }
    }
}
