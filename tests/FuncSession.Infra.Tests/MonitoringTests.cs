namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class MonitoringTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void ApplicationInsightsAcceptsEntraIdIngestionOnly()
    {
        var appInsights = compiled.Main.Single("Microsoft.Insights/components");

        Assert.True(appInsights.BoolAt("properties.DisableLocalAuth") ?? false, "DisableLocalAuth must be true.");
    }

    [Fact]
    public void LogAnalyticsAcceptsEntraIdOnly()
    {
        var workspace = compiled.Main.Single("Microsoft.OperationalInsights/workspaces");

        Assert.True(workspace.BoolAt("properties.features.disableLocalAuth") ?? false, "features.disableLocalAuth must be true.");
    }
}
