namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class KeyVaultTests(CompiledTemplateFixture compiled)
{
    private ArmResource Vault => compiled.Main.Single("Microsoft.KeyVault/vaults");

    [Fact]
    public void VaultAuthorizesWithAzureRbac() =>
        Assert.True(Vault.BoolAt("properties.enableRbacAuthorization") ?? false, "enableRbacAuthorization must be true.");

    [Fact]
    public void DeletedVaultStaysRecoverable() =>
        Assert.True(Vault.BoolAt("properties.enableSoftDelete") ?? false, "enableSoftDelete must be true.");

    [Fact]
    public void VaultHasPurgeProtection() =>
        Assert.True(Vault.BoolAt("properties.enablePurgeProtection") ?? false, "enablePurgeProtection must be true.");

    [Fact]
    public void SigningKeysSecretTakesItsValueFromASecureParameter()
    {
        var secret = compiled.Main.Single("Microsoft.KeyVault/vaults/secrets");

        Assert.Equal("[parameters('signingKeys')]", secret.StringAt("properties.value"));
        Assert.Equal("securestring", (string?)secret.Template.Parameters["signingKeys"]?["type"], ignoreCase: true);
        Assert.Equal("securestring", (string?)compiled.Main.Parameters["signingKeys"]?["type"], ignoreCase: true);
    }
}
