using System.Text.Json.Nodes;

namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class StorageAccountTests(CompiledTemplateFixture compiled)
{
    private ArmResource Storage => compiled.Main.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void SharedKeyAccessIsOff() =>
        Assert.False(Storage.BoolAt("properties.allowSharedKeyAccess") ?? true, "allowSharedKeyAccess must be false.");

    [Fact]
    public void PublicBlobAccessIsOff() =>
        Assert.False(Storage.BoolAt("properties.allowBlobPublicAccess") ?? true, "allowBlobPublicAccess must be false.");

    [Fact]
    public void TlsBelowOnePointTwoIsRefused() =>
        Assert.Equal("TLS1_2", Storage.StringAt("properties.minimumTlsVersion"));

    [Fact]
    public void OnlyHttpsTrafficIsAccepted() =>
        Assert.True(Storage.BoolAt("properties.supportsHttpsTrafficOnly") ?? false, "supportsHttpsTrafficOnly must be true.");

    [Fact]
    public void DeploymentPackageContainerIsPrivate()
    {
        var container = compiled.Main.Single("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("None", container.StringAt("properties.publicAccess"));
    }

    [Fact]
    public void TheFiveSessionTablesAreCreatedWithTheConfiguredPrefix()
    {
        var tables = compiled.Main.OfType("Microsoft.Storage/storageAccounts/tableServices/tables");

        var names = tables.SelectMany(TableNames).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["LoginThrottle", "SessionExpiry", "Sessions", "UserSessions", "Users"], names);
        Assert.All(tables, table => Assert.Contains("parameters('tablePrefix')", table.StringAt("name"), StringComparison.Ordinal));
    }

    // A table is declared either one by one (the name ends in a literal) or in a loop over a
    // variable whose length is also the loop's count.
    private static IEnumerable<string> TableNames(ArmResource table)
    {
        var name = table.StringAt("name") ?? "";
        if (table.At("copy") is null)
        {
            var end = name.LastIndexOf('\'');
            var start = name.LastIndexOf('\'', end - 1);
            return [name[(start + 1)..end]];
        }

        var names = Assert.Single(table.Template.ReferencedVariables(name).OfType<JsonArray>());
        Assert.Same(names, Assert.Single(table.Template.ReferencedVariables(table.StringAt("copy.count") ?? "")));
        return names.Select(node => (string)node!);
    }
}
