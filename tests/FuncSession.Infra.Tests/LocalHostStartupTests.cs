namespace FuncSession.Infra.Tests;

/// <summary>LocalHost refuses a timer schedule it cannot run before it listens, naming the setting.</summary>
[Collection(LocalRunCollection.Name)]
public sealed class LocalHostStartupTests
{
    [Theory]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * *  * *")]
    [InlineData("")]
    public void BadCleanupScheduleStopsLocalHostBeforeItListens(string schedule)
    {
        var localHost = RepositoryRoot.Combine("src", "FuncSession.LocalHost", "bin", "Release", "net10.0", "FuncSession.LocalHost.dll");
        Assert.True(File.Exists(localHost), $"LocalHost is not built in Release at {localHost}; build the solution first.");
        var port = LocalProcesses.FreePort();

        var run = CommandLine.Run("dotnet", [localHost, "--urls", $"http://127.0.0.1:{port}", "--settings", "/nonexistent/local.settings.json"],
            TimeSpan.FromMinutes(1), new Dictionary<string, string?>
            {
                ["SessionCleanupSchedule"] = schedule,
                ["FuncSession__SigningKeys"] = Convert.ToBase64String(new byte[32]),
                ["SessionStorage__connectionString"] = "UseDevelopmentStorage=true",
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'SessionCleanupSchedule'", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }
}
