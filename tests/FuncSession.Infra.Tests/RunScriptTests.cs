using System.Diagnostics;
using System.Net;

namespace FuncSession.Infra.Tests;

/// <summary>
/// scripts/run.sh as a developer uses it: it starts Azurite and the API (LocalHost, as last built in
/// Release), serves an API that passes scripts/smoke.sh, and on SIGTERM or Ctrl+C stops within
/// 5 seconds leaving no process and no listening port behind. Every port is a free loopback one.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class RunScriptTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    private readonly string directory = Directory.CreateTempSubdirectory("funcsession-run-").FullName;
    private readonly int apiPort = LocalProcesses.FreePort();
    private readonly int blobPort = LocalProcesses.FreePort();
    private readonly int queuePort = LocalProcesses.FreePort();
    private readonly int tablePort = LocalProcesses.FreePort();

    private int[] Ports => [apiPort, blobPort, queuePort, tablePort];

    private string ApiUrl => $"http://127.0.0.1:{apiPort}/api";

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task RunScriptServesAnApiThatPassesTheSmokeTestAndStopsOnSigterm()
    {
        using var run = await StartAsync();

        var smoke = CommandLine.Run("bash", ["scripts/smoke.sh", ApiUrl, "--function-key", "local"], TimeSpan.FromMinutes(2));
        Assert.True(smoke.ExitCode == 0, $"smoke.sh failed:\n{smoke.StandardOutput}\n{smoke.StandardError}");
        Assert.Contains("ok    sweep", smoke.StandardOutput, StringComparison.Ordinal);

        // A service manager's stop: SIGTERM to the script alone.
        StopsWithin(run, () => LocalProcesses.Signal(run.Id, "TERM"));
    }

    [Fact]
    public async Task RunScriptStopsOnCtrlCWithinFiveSecondsLeavingNothingBehind()
    {
        using var run = await StartAsync();

        // A terminal's Ctrl+C: SIGINT to the whole foreground process group.
        StopsWithin(run, () => LocalProcesses.Signal(-run.Id, "INT"));
    }

    private void StopsWithin(BackgroundProcess run, Action stop)
    {
        var started = LocalProcesses.Descendants(run.Id);
        Assert.NotEmpty(started);

        var clock = Stopwatch.StartNew();
        stop();
        var exited = run.Process.WaitForExit(StopLimit);
        var took = clock.Elapsed;

        Assert.True(exited, $"run.sh was still running {StopLimit.TotalSeconds} s after the signal.\n{run.Output}");
        var alive = started.Where(LocalProcesses.IsAlive).ToList();
        Assert.True(alive.Count == 0, $"Still running after run.sh stopped: {string.Join(", ", alive)}.");
        var listening = Ports.Where(LocalProcesses.IsListening).ToList();
        Assert.True(listening.Count == 0, $"Still listening after run.sh stopped: {string.Join(", ", listening)}.");
        Assert.True(took < StopLimit, $"Stopping took {took}.");
    }

    private async Task<BackgroundProcess> StartAsync()
    {
        var localHost = RepositoryRoot.Combine("src", "FuncSession.LocalHost", "bin", "Release", "net10.0", "FuncSession.LocalHost.dll");
        Assert.True(File.Exists(localHost), $"LocalHost is not built in Release at {localHost}; build the solution first.");

        // No SessionCleanupSchedule: LocalHost must run on its default rather than stop.
        var settings = Path.Combine(directory, "local.settings.json");
        await File.WriteAllTextAsync(settings, $$"""
            {
              "IsEncrypted": false,
              "Values": {
                "FuncSession__SigningKeys": "{{Convert.ToBase64String(new byte[32])}}",
                "FuncSession__CookieSecure": "false",
                "FuncSession__RegistrationEnabled": "true"
              }
            }
            """);

        var run = LocalProcesses.Start("bash", ["scripts/run.sh"], new Dictionary<string, string?>
        {
            ["FUNCSESSION_HOST"] = "localhost",
            ["FUNCSESSION_NO_BUILD"] = "1",
            ["FUNCSESSION_PORT"] = $"{apiPort}",
            ["FUNCSESSION_SETTINGS"] = settings,
            ["AZURITE_BLOB_PORT"] = $"{blobPort}",
            ["AZURITE_QUEUE_PORT"] = $"{queuePort}",
            ["AZURITE_TABLE_PORT"] = $"{tablePort}",
            ["AZURITE_DIR"] = Path.Combine(directory, "azurite"),
        });

        try
        {
            await WaitForHealthAsync(run);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private async Task WaitForHealthAsync(BackgroundProcess run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            Assert.False(run.Process.HasExited, $"run.sh exited with {(run.Process.HasExited ? run.Process.ExitCode : 0)} before the API answered:\n{run.Output}");
            try
            {
                using var health = await http.GetAsync($"{ApiUrl}/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy machine; ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"The API did not answer within {StartTimeout}:\n{run.Output}");
    }
}
