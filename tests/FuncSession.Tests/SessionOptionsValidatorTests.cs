using Microsoft.AspNetCore.Http;

namespace FuncSession.Tests;

public sealed class SessionOptionsValidatorTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void TheDefaultsWithAKeyAreValid()
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions { SigningKeys = Key });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void TheDefaultsAreThoseOfTheDesign()
    {
        var options = new SessionOptions();

        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), options.AbsoluteTimeout);
        Assert.Equal(TimeSpan.FromDays(31), options.PermanentLifetime);
        Assert.Equal(512 * 1024, options.MaxSessionBytes);
        Assert.Equal(SameSiteMode.Lax, options.CookieSameSite);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ExpiryBucket);
        Assert.Equal(TimeSpan.FromMinutes(4), options.SweepTimeBudget);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WriteQueueTimeout);
        Assert.Equal(64, options.StorageConnections);
    }

    [Fact]
    public void EveryFailureNamesItsAppSetting()
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions
        {
            SigningKeys = "",
            IdleTimeout = TimeSpan.FromDays(60),
            MaxSessionBytes = 10,
            CookieName = "__Host-x",
            TablePrefix = "9",
        });

        Assert.False(result.Succeeded);
        foreach (var setting in new[] { "SigningKeys", "IdleTimeout", "MaxSessionBytes", "CookieName", "TablePrefix" })
        {
            Assert.Contains($"FuncSession__{setting}", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("00:00:00", 16, "SweepTimeBudget")]
    [InlineData("02:00:00", 16, "SweepTimeBudget")]
    [InlineData("00:04:00", 0, "SweepParallelism")]
    [InlineData("00:04:00", 65, "SweepParallelism")]
    public void ASweepSettingOutOfRangeIsRefusedByName(string budget, int parallelism, string setting)
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions
        {
            SigningKeys = Key,
            SweepTimeBudget = TimeSpan.Parse(budget, System.Globalization.CultureInfo.InvariantCulture),
            SweepParallelism = parallelism,
        });

        Assert.False(result.Succeeded);
        Assert.Contains($"FuncSession__{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.050", 64, "WriteQueueTimeout")]
    [InlineData("00:10:00", 64, "WriteQueueTimeout")]
    [InlineData("00:00:10", 0, "StorageConnections")]
    [InlineData("00:00:10", 1001, "StorageConnections")]
    public void AWriteOrConnectionSettingOutOfRangeIsRefusedByName(string queueTimeout, int connections, string setting)
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions
        {
            SigningKeys = Key,
            WriteQueueTimeout = TimeSpan.Parse(queueTimeout, System.Globalization.CultureInfo.InvariantCulture),
            StorageConnections = connections,
        });

        Assert.False(result.Succeeded);
        Assert.Contains($"FuncSession__{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecureHostPrefixedCookieIsValid()
    {
        var result = new SessionOptionsValidator().Validate(null, new SessionOptions
        {
            SigningKeys = Key,
            CookieName = "__Host-session",
            CookieSecure = true,
            CookieSameSite = SameSiteMode.None,
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
