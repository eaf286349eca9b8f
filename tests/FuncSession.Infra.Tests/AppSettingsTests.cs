using System.Text.RegularExpressions;

namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class AppSettingsTests(CompiledTemplateFixture compiled)
{
    private static readonly string[] SecretMarkers =
        ["AccountKey=", "SharedAccessSignature=", "DefaultEndpointsProtocol=", "UseDevelopmentStorage", "listKeys(", "listAccountSas(", "listServiceSas("];

    /// <summary>Every app setting the template gives the site, wherever it is declared: name to value or expression.</summary>
    private readonly Dictionary<string, string> settings = CollectSettings(compiled.Main);

    [Fact]
    public void NoSettingHoldsAnAccountKeySignatureOrConnectionString()
    {
        foreach (var (name, value) in settings)
        {
            foreach (var marker in SecretMarkers)
            {
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"App setting {name} contains {marker}.");
            }
        }
    }

    [Fact]
    public void NoSettingIsAStorageConnectionString()
    {
        foreach (var name in settings.Keys)
        {
            Assert.False(
                name.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("__connectionString", StringComparison.OrdinalIgnoreCase)
                || name.Equals("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", StringComparison.OrdinalIgnoreCase),
                $"App setting {name} is a storage connection string.");
        }
    }

    [Fact]
    public void TemplateNeverListsKeys() =>
        Assert.Empty(ListFunctionCalls(compiled.Build.StandardOutput));

    [Fact]
    public void HostStorageUsesTheManagedIdentity()
    {
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.Contains(".clientId", Setting("AzureWebJobsStorage__clientId"), StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", Setting("AzureWebJobsStorage__blobServiceUri"), StringComparison.Ordinal);
    }

    [Fact]
    public void SessionTablesUseTheManagedIdentity()
    {
        Assert.Equal("managedidentity", Setting("SessionStorage__credential"));
        Assert.Contains(".clientId", Setting("SessionStorage__clientId"), StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", Setting("SessionStorage__tableServiceUri"), StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKeysComeFromAKeyVaultReference()
    {
        var value = Setting("FuncSession__SigningKeys");

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
        Assert.Contains(".secretUri", value, StringComparison.Ordinal);
    }

    [Fact]
    public void CookieIsSecureWithAHostPrefixedName()
    {
        Assert.Equal("true", Setting("FuncSession__CookieSecure"));
        Assert.StartsWith("__Host-", Setting("FuncSession__CookieName"), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsightsIngestionAuthenticatesWithTheIdentity()
    {
        var value = Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

        Assert.Contains("ClientId={0};Authorization=AAD", value, StringComparison.Ordinal);
        Assert.Contains(".clientId", value, StringComparison.Ordinal);
    }

    // The placeholder setting is documented for the Consumption plan only; on Flex it would only
    // slow every cold start.
    [Fact]
    public void DotnetIsolatedPlaceholderIsLeftToThePlatform() =>
        Assert.False(settings.ContainsKey("WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED"), "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED is not for Flex Consumption.");

    // Behind the front end the connection's address is the front end's: without the header every
    // client would share one address and one set of limits.
    [Fact]
    public void ClientAddressesAreTheOnesTheFrontEndForwards() =>
        Assert.Equal("X-Forwarded-For", Setting("FuncSession__ClientAddressHeader"));

    [Fact]
    public void TablesAreLeftToTheDeploymentInAzure() =>
        Assert.Equal("false", Setting("FuncSession__CreateTablesOnStartup"));

    [Theory]
    [InlineData("FuncSession__AllowedOrigins")]
    [InlineData("FuncSession__IdleTimeout")]
    [InlineData("FuncSession__AbsoluteTimeout")]
    [InlineData("FuncSession__PermanentLifetime")]
    [InlineData("FuncSession__RegistrationEnabled")]
    [InlineData("FuncSession__TablePrefix")]
    [InlineData("SessionCleanupSchedule")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")]
    public void SettingTheAppReadsIsPresent(string name) =>
        Assert.True(settings.ContainsKey(name), $"App setting {name} is missing.");

    private string Setting(string name)
    {
        Assert.True(settings.TryGetValue(name, out var value), $"App setting {name} is missing.");
        return value;
    }

    private static Dictionary<string, string> CollectSettings(ArmTemplate template)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var config in template.OfType("Microsoft.Web/sites/config")
            .Where(resource => (resource.StringAt("name") ?? "").EndsWith("'appsettings')]", StringComparison.Ordinal)))
        {
            foreach (var (name, value) in config.At("properties")?.AsObject() ?? [])
            {
                settings.Add(name, ArmTemplate.Text(value));
            }
        }

        foreach (var site in template.OfType("Microsoft.Web/sites"))
        {
            foreach (var setting in site.At("properties.siteConfig.appSettings")?.AsArray() ?? [])
            {
                settings.Add(ArmTemplate.Text(setting?["name"]), ArmTemplate.Text(setting?["value"]));
            }
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    // ARM functions whose names start with "list" return keys, SAS tokens or connection strings.
    private static IEnumerable<string> ListFunctionCalls(string json) =>
        Regex.Matches(json, @"\b(list\w*)\(").Select(match => match.Groups[1].Value);
}
