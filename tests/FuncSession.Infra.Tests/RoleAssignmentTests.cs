using System.Text.RegularExpressions;

namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplateFixture compiled)
{
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-44ef-91ff-a1cf16e6d6dc";

    // What the app's identity needs and nothing more. Storage Queue Data Contributor is absent on
    // purpose: the app has no queue or blob trigger, so the host does not use queues.
    private static readonly Dictionary<string, string> LeastPrivilegedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    private IEnumerable<string> GrantedRoles =>
        compiled.Main.OfType("Microsoft.Authorization/roleAssignments").Select(RoleDefinitionGuid);

    [Fact]
    public void OnlyLeastPrivilegedRolesAreGranted() =>
        Assert.All(GrantedRoles, role => Assert.True(LeastPrivilegedRoles.ContainsKey(role), $"Role definition {role} is not one the app needs."));

    [Fact]
    public void EveryRoleTheAppNeedsIsGranted() =>
        Assert.Equal(LeastPrivilegedRoles.Keys.Order(), GrantedRoles.Select(role => role.ToLowerInvariant()).Distinct().Order());

    [Theory]
    [InlineData(Owner)]
    [InlineData(Contributor)]
    public void NoBroadRoleAppearsAnywhere(string roleDefinitionId) =>
        Assert.DoesNotContain(roleDefinitionId, compiled.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);

    // Lets the preprovision hook read the key ring it deployed, from a machine whose azd
    // environment does not hold it; only that secret, and only when azd names the deployer.
    [Fact]
    public void DeployerMayReadTheSigningKeySecretOnly()
    {
        var deployer = Assert.Single(
            compiled.Main.OfType("Microsoft.Authorization/roleAssignments"),
            assignment => assignment.StringAt("properties.principalId") == "[parameters('deployerPrincipalId')]");

        Assert.Equal("[not(empty(parameters('deployerPrincipalId')))]", deployer.StringAt("condition"));
        Assert.StartsWith("[resourceId('Microsoft.KeyVault/vaults/secrets'", deployer.StringAt("scope"), StringComparison.Ordinal);
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", RoleDefinitionGuid(deployer));
    }

    // The role is either a GUID literal in the expression or a variable the expression names; an
    // expression that resolves to neither fails rather than passing unchecked.
    private static string RoleDefinitionGuid(ArmResource assignment)
    {
        var expression = assignment.StringAt("properties.roleDefinitionId") ?? "";
        var candidates = Guid().Matches(expression).Select(match => match.Value)
            .Concat(assignment.Template.ReferencedVariables(expression)
                .Select(ArmTemplate.Text)
                .Where(text => Guid().IsMatch(text)));

        return Assert.Single(candidates);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
