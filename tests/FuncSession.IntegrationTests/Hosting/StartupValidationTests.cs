using FuncSession.LocalHost;
using FuncSession.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FuncSession.IntegrationTests.Hosting;

/// <summary>A bad setting stops the app at start-up with a message that names the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("FuncSession:SigningKeys", "", "FuncSession__SigningKeys")]
    [InlineData("FuncSession:SigningKeys", "c2hvcnQ=", "at least 32")]
    [InlineData("FuncSession:SigningKeys", "not base64 at all!", "FuncSession__SigningKeys")]
    [InlineData("FuncSession:IdleTimeout", "00:00:10", "FuncSession__IdleTimeout")]
    [InlineData("FuncSession:AbsoluteTimeout", "00:10:00", "FuncSession__AbsoluteTimeout")]
    [InlineData("FuncSession:PermanentLifetime", "500.00:00:00", "FuncSession__PermanentLifetime")]
    [InlineData("FuncSession:MaxSessionBytes", "2000000", "FuncSession__MaxSessionBytes")]
    [InlineData("FuncSession:MaxWriteAttempts", "0", "FuncSession__MaxWriteAttempts")]
    [InlineData("FuncSession:CookieName", "__Host-session", "FuncSession__CookieSecure")]
    [InlineData("FuncSession:CookieName", "bad name;", "FuncSession__CookieName")]
    [InlineData("FuncSession:CookieSameSite", "None", "FuncSession__CookieSameSite")]
    [InlineData("FuncSession:AllowedOrigins", "https://ok.example, https://bad.example/path", "FuncSession__AllowedOrigins")]
    [InlineData("FuncSession:TablePrefix", "1bad", "FuncSession__TablePrefix")]
    [InlineData("FuncSession:ExpiryShards", "0", "FuncSession__ExpiryShards")]
    public async Task StartUpFailsWithAMessageNamingTheSetting(string key, string value, string expected)
    {
        var app = LocalHostApp.Create(["--urls", Loopback.AnyPort, "--settings", "none"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SessionStorage:connectionString"] = "UseDevelopmentStorage=true",
                ["FuncSession:SigningKeys"] = TestApi.SigningKey,
                ["SessionCleanupSchedule"] = "0 */5 * * * *",
                [key] = value,
            }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }
}
