using System.Text.Json.Nodes;

namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class DiagnosticSettingsTests(CompiledTemplateFixture compiled)
{
    [Theory]
    [InlineData("Microsoft.KeyVault/vaults", "AuditEvent")]
    [InlineData("Microsoft.Web/sites", "FunctionAppLogs")]
    public void LogsOfTheResourceGoToTheWorkspace(string resourceType, string category)
    {
        var setting = Assert.Single(
            compiled.Main.OfType("Microsoft.Insights/diagnosticSettings"),
            resource => (resource.StringAt("scope") ?? "").Contains($"resourceId('{resourceType}'", StringComparison.Ordinal));

        Assert.Contains("Microsoft.OperationalInsights/workspaces", setting.StringAt("properties.workspaceId"), StringComparison.Ordinal);
        var logs = setting.At("properties.logs") as JsonArray ?? [];
        Assert.Contains(logs, log => (string?)log?["category"] == category && ((bool?)log?["enabled"] ?? false));
    }
}
