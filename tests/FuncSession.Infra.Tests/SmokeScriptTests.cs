using System.Net;
using System.Text;

namespace FuncSession.Infra.Tests;

/// <summary>
/// scripts/smoke.sh against APIs that fail it: each failed check is a line naming the check and what
/// was expected, and the exit status says so. (Against a working API it passes: see RunScriptTests.)
/// </summary>
public sealed class SmokeScriptTests
{
    [Fact]
    public void SmokeTestStopsWithAClearMessageWhenNothingAnswers()
    {
        var port = LocalProcesses.FreePort();

        var smoke = Smoke($"http://127.0.0.1:{port}/api");

        Assert.Equal(1, smoke.ExitCode);
        Assert.Contains("FAIL  health: expected 200", smoke.StandardError, StringComparison.Ordinal);
        Assert.Contains("no answer", smoke.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTestNamesEachCheckAnApiThatAnswersOnlyHealthFails()
    {
        // Healthy, but every other route is 404 and no request is ever refused.
        using var listener = new HttpListener();
        var port = LocalProcesses.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var serving = ServeAsync(listener, stop.Token);

        var smoke = await Task.Run(() => Smoke($"http://127.0.0.1:{port}/api"));
        await stop.CancelAsync();
        listener.Stop();
        await serving;

        Assert.Equal(1, smoke.ExitCode);
        Assert.Contains("ok    health", smoke.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FAIL  session: first write: expected 204 with Set-Cookie, got 404", smoke.StandardError, StringComparison.Ordinal);
        Assert.Contains("FAIL  origin: foreign: expected 403", smoke.StandardError, StringComparison.Ordinal);
        // A 404 from register is how the API says registration is off.
        Assert.Contains("skip  accounts: registration is off", smoke.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"smoke: \d+ passed, \d+ failed", smoke.StandardError);
    }

    [Theory]
    [InlineData("ftp://example.invalid/api")]
    [InlineData("")]
    public void SmokeTestRefusesAnythingButAnHttpUrl(string url)
    {
        var smoke = Smoke(url);

        Assert.Equal(2, smoke.ExitCode);
        Assert.Contains("scripts/smoke.sh URL", smoke.StandardError, StringComparison.Ordinal);
    }

    private static CliResult Smoke(string url) =>
        CommandLine.Run("bash", ["scripts/smoke.sh", url], TimeSpan.FromMinutes(2));

    private static async Task ServeAsync(HttpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var healthy = context.Request.Url?.AbsolutePath == "/api/health";
            var body = Encoding.UTF8.GetBytes(healthy ? """{"status":"healthy"}""" : """{"title":"Not Found"}""");
            context.Response.StatusCode = healthy ? 200 : 404;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body, stop);
            context.Response.Close();
        }
    }
}
