using FuncSession.Accounts;

namespace FuncSession.Tests.Accounts;

public sealed class AccountOptionsTests
{
    [Fact]
    public void TheDefaultsAreTheDocumentedOnes()
    {
        var options = new AccountOptions();

        Assert.True(options.RegistrationEnabled);
        Assert.Equal(210_000, options.PasswordHashIterations);
        Assert.Equal(5, options.LoginFailureLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LoginLockout);
        Assert.Equal(TimeSpan.FromMinutes(15), options.LoginLockoutMax);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RefusalPause);
        Assert.True(new AccountOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void BadSettingsAreRefusedWithTheirAppSettingNames()
    {
        var options = new AccountOptions
        {
            PasswordHashIterations = 999,
            LoginFailureLimit = 0,
            LoginLockout = TimeSpan.FromMinutes(20),
            LoginLockoutMax = TimeSpan.FromMinutes(15),
            RefusalPause = TimeSpan.FromMinutes(1),
        };

        var result = new AccountOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("FuncSession__PasswordHashIterations", message, StringComparison.Ordinal);
        Assert.Contains("FuncSession__LoginFailureLimit", message, StringComparison.Ordinal);
        Assert.Contains("FuncSession__LoginLockoutMax", message, StringComparison.Ordinal);
        Assert.Contains("FuncSession__RefusalPause", message, StringComparison.Ordinal);
    }
}
