using System.Text.Json.Nodes;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Hosting;

/// <summary>
/// The runtime settings of src/Runtime.props reach the runtimeconfig.json of both programs that serve
/// the API, the file the runtime reads at start (in Azure too: it is published with the worker).
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("FuncSession.Functions")]
    [InlineData("FuncSession.LocalHost")]
    public void IdleThreadPoolThreadsSleepInsteadOfSpinning(string program)
    {
        var path = RepositoryRoot.BuildOutput(program, program + ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.Equal(0, properties?["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }
}
