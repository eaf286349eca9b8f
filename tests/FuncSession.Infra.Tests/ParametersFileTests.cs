using System.Text.Json.Nodes;

namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class ParametersFileTests(CompiledTemplateFixture compiled)
{
    private readonly JsonObject parameters =
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "main.parameters.json")))?["parameters"]?.AsObject()
        ?? throw new FormatException("infra/main.parameters.json has no parameters object.");

    [Fact]
    public void EveryParameterInTheFileIsDeclaredByTheTemplate() =>
        Assert.All(parameters, entry => Assert.True(compiled.Main.Parameters.ContainsKey(entry.Key), $"main.bicep has no parameter {entry.Key}."));

    [Fact]
    public void EveryRequiredParameterIsSupplied()
    {
        var required = compiled.Main.Parameters
            .Where(entry => entry.Value?["defaultValue"] is null)
            .Select(entry => entry.Key);

        Assert.All(required, name => Assert.True(parameters.ContainsKey(name), $"main.parameters.json does not supply {name}."));
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("signingKeys", "${SESSION_SIGNING_KEYS}")]
    public void ValuesComeFromTheAzdEnvironment(string name, string value) =>
        Assert.Equal(value, (string?)parameters[name]?["value"]);
}
