using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// Two API instances on one Azurite and one set of tables, as two instances of the Function App
/// share one storage account: each has its own services (its own per-session write turns), and a
/// token issued by one works on the other.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(TestApi first, TestApi second)
    {
        First = first;
        Second = second;
    }

    public TestApi First { get; }

    public TestApi Second { get; }

    /// <summary>The instances to spread requests over: one or both.</summary>
    public IReadOnlyList<TestApi> Take(int count) => count == 1 ? [First] : [First, Second];

    /// <param name="secondServices">Changes to the second instance's services (for example, decorated stores).</param>
    public static async Task<TwoInstances> StartAsync(Action<IServiceCollection>? secondServices = null)
    {
        var first = await TestApi.StartAsync();
        var second = await TestApi.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FuncSession:TablePrefix"] = first.TablePrefix,
            // The first instance made the tables.
            ["FuncSession:CreateTablesOnStartup"] = "false",
        }, services: secondServices);
        return new TwoInstances(first, second);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
