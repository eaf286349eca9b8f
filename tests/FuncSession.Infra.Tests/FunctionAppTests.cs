namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class FunctionAppTests(CompiledTemplateFixture compiled)
{
    private ArmResource Site => compiled.Main.Single("Microsoft.Web/sites");

    [Fact]
    public void PlanIsFlexConsumption()
    {
        var plan = compiled.Main.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.StringAt("sku.name"));
        Assert.Equal("FlexConsumption", plan.StringAt("sku.tier"));
    }

    [Fact]
    public void RuntimeIsDotnetIsolatedTen()
    {
        Assert.Equal("dotnet-isolated", Site.StringAt("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Site.StringAt("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void DeploymentPackagesAreReadWithTheUserAssignedIdentity()
    {
        Assert.Equal("blobContainer", Site.StringAt("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", Site.StringAt("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Contains(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            Site.StringAt("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SiteAcceptsHttpsOnly() =>
        Assert.True(Site.BoolAt("properties.httpsOnly") ?? false, "httpsOnly must be true.");

    [Fact]
    public void SiteRefusesTlsBelowOnePointTwo()
    {
        Assert.Equal("1.2", Site.StringAt("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", Site.StringAt("properties.siteConfig.scmMinTlsVersion"));
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void BasicPublishingCredentialsAreOff(string endpoint)
    {
        var policy = Assert.Single(
            compiled.Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            resource => (resource.StringAt("name") ?? "").Contains($"'{endpoint}'", StringComparison.Ordinal));

        Assert.False(policy.BoolAt("properties.allow") ?? true, $"Basic publishing credentials for {endpoint} must be off.");
    }

    [Fact]
    public void SiteRunsAsTheUserAssignedIdentityOnly() =>
        Assert.Equal("UserAssigned", Site.StringAt("identity.type"));

    [Fact]
    public void KeyVaultReferencesResolveWithTheUserAssignedIdentity() =>
        Assert.Contains(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            Site.StringAt("properties.keyVaultReferenceIdentity"),
            StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void CorsSendsCredentialsOnlyToTheConfiguredOrigins()
    {
        Assert.True(Site.BoolAt("properties.siteConfig.cors.supportCredentials") ?? false, "CORS must allow credentials.");

        var origins = Site.StringAt("properties.siteConfig.cors.allowedOrigins") ?? "";
        var derivedFrom = string.Concat(Site.Template.ReferencedVariables(origins).Select(ArmTemplate.Text)) + origins;
        Assert.Contains("parameters('allowedOrigins')", derivedFrom, StringComparison.Ordinal);
        Assert.DoesNotContain("'*'", derivedFrom, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiBaseUrlIsAnOutput()
    {
        Assert.True(compiled.Main.Outputs.ContainsKey("API_BASE_URL"), "main.bicep must output API_BASE_URL.");

        var url = (string?)compiled.Resources.Outputs["apiBaseUrl"]?["value"] ?? "";
        Assert.StartsWith("[format('https://{0}/api'", url, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", url, StringComparison.Ordinal);
    }
}
