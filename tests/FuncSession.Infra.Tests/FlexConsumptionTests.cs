using System.Text.Json.Nodes;

namespace FuncSession.Infra.Tests;

/// <summary>
/// What Flex Consumption refuses or ignores, checked on the compiled template: the Bicep linter
/// knows nothing of hosting plans, and ARM answers a site that sets one of these properties with a
/// BadRequest (for example "site configuration properties (Site.SiteConfig.FtpsState) for Flex
/// Consumption sites is invalid").
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class FlexConsumptionTests(CompiledTemplateFixture compiled)
{
    // "Flex Consumption plan deprecations", Azure Functions app settings reference:
    // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
    // (also in https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#deprecated-properties-and-settings).
    // The documentation writes them as properties.X; they are site configuration properties, so
    // they are refused under properties and under properties.siteConfig alike.
    private static readonly string[] UnsupportedSiteProperties =
    [
        "ftpsState",
        "use32BitWorkerProcess",
        "isReserved",
        "isXenon",
        "windowsFxVersion",
        "alwaysOn",
        "preWarmedInstanceCount",
        "functionAppScaleLimit",
        "containerSize",
        "javaVersion",
        "powerShellVersion",
        "netFrameworkVersion",
        "linuxFxVersion",
    ];

    // The app settings of the same list: replaced by functionAppConfig or set by the platform.
    private static readonly string[] UnsupportedAppSettings =
    [
        "WEBSITE_NODE_DEFAULT_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_MAX_HTTP_CONCURRENCY",
        "FUNCTIONS_WORKER_PROCESS_COUNT",
        "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
    ];

    private ArmResource Site => compiled.Main.Single("Microsoft.Web/sites");

    public static TheoryData<string> SiteProperties => [.. UnsupportedSiteProperties];

    public static TheoryData<string> AppSettings => [.. UnsupportedAppSettings];

    [Theory]
    [MemberData(nameof(SiteProperties))]
    public void SiteSetsNoPropertyFlexConsumptionRefuses(string property)
    {
        foreach (var section in new[] { Site.At("properties"), Site.At("properties.siteConfig") })
        {
            var names = (section as JsonObject)?.Select(entry => entry.Key) ?? [];
            Assert.DoesNotContain(names, name => string.Equals(name, property, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void NoAppSettingIsOneFlexConsumptionReplaced(string setting)
    {
        var names = compiled.Main.OfType("Microsoft.Web/sites/config")
            .SelectMany(config => (config.At("properties") as JsonObject)?.Select(entry => entry.Key) ?? [])
            .Concat((Site.At("properties.siteConfig.appSettings") as JsonArray ?? [])
                .Select(entry => ArmTemplate.Text(entry?["name"])));

        Assert.DoesNotContain(names, name => string.Equals(name, setting, StringComparison.OrdinalIgnoreCase));
    }

    // The limit was 40 to 1000 in preview; it is now 1 to 1000:
    // https://learn.microsoft.com/azure/azure-functions/event-driven-scaling#limit-scale-out
    [Fact]
    public void InstanceCountParameterStaysWithinFlexLimits()
    {
        var parameter = compiled.Resources.Parameters["maximumInstanceCount"]!;

        Assert.Equal(1, (int?)parameter["minValue"]);
        Assert.Equal(1000, (int?)parameter["maxValue"]);
        Assert.InRange((int?)parameter["defaultValue"] ?? 0, 1, 1000);
        Assert.Equal("[parameters('maximumInstanceCount')]", Site.StringAt("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
    }

    // The site names its deployment container only by URL, which gives ARM no order to follow.
    [Fact]
    public void SiteWaitsForItsDeploymentContainer()
    {
        var dependsOn = (Site.At("dependsOn") as JsonArray ?? []).Select(ArmTemplate.Text);

        Assert.Contains(dependsOn, dependency => dependency.Contains("Microsoft.Storage/storageAccounts/blobServices/containers", StringComparison.OrdinalIgnoreCase));
    }
}
