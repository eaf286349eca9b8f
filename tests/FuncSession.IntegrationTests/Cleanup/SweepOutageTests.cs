using FuncSession.Cleanup;
using FuncSession.Testing;
using Microsoft.Extensions.Logging;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>A sweep that loses its storage mid-run stops, logs, loses nothing, and the next run completes.</summary>
public sealed class SweepOutageTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private SweepScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(persistent: true);
        _scenario = await SweepScenario.StartAsync(connectionString: _azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["FuncSession:SweepParallelism"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await _scenario.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task ASweepThatLosesStorageMidRunStopsAndTheNextRunCompletes()
    {
        var expired = await _scenario.CreateSessionsAsync(20);
        _scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = await _scenario.CreateSessionsAsync(5);
        _scenario.Clock.Advance(TimeSpan.FromMinutes(16));
        // Azurite writes its data to disk every 5 s; give it the chance before the outage.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var reads = 0;
        _scenario.Store.AfterSessionRead = async _ =>
        {
            if (Interlocked.Increment(ref reads) == 5)
            {
                await _azurite.StopAsync();
            }
        };

        var interrupted = await _scenario.SweepAsync();

        Assert.False(interrupted.Completed);
        Assert.Equal(SweepStopReason.StorageUnavailable, interrupted.StopReason);
        Assert.InRange(interrupted.SessionsDeleted, 0, 5);
        var logged = Assert.Single(_scenario.Logs.Entries);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Equal(LogEvents.SweepStoppedByStorage, logged.Event.Id);
        Assert.NotNull(logged.Exception);

        _scenario.Store.AfterSessionRead = null;
        await _azurite.StartAgainAsync();
        var next = await _scenario.SweepAsync();

        Assert.True(next.Completed);
        Assert.Equal(live.ToHashSet(), await _scenario.SessionKeysAsync());
        Assert.Equal(live.ToHashSet(), await _scenario.IndexedKeysAsync());
        Assert.Empty(expired.Intersect(await _scenario.SessionKeysAsync()));
    }
}
