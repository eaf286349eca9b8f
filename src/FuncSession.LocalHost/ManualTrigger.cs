using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncSession.LocalHost;

/// <summary>
/// <c>POST /admin/functions/{name}</c>, as the Functions host's admin API: starts one run of a timer
/// function now, off its schedule, and answers 202 Accepted without waiting for it. The run goes on
/// in the background; the host waits for it (or cancels it) when it stops.
/// </summary>
internal sealed partial class ManualTrigger(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<ManualTrigger> logger) : IAsyncDisposable
{
    public const string Route = "/admin/functions/{name}";

    private readonly ConcurrentDictionary<int, Task> _running = new();

    public IResult Invoke(string name)
    {
        var function = LocalHostApp.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such function",
                detail: $"The Function App has no function named '{name}'.");
        }
        if (function.Schedule is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a timer function",
                detail: $"'{function.Name}' is an HTTP function; call its route instead.");
        }

        var run = Task.Run(() => RunAsync(function, lifetime.ApplicationStopping));
        _running[run.Id] = run;
        _ = run.ContinueWith(done => _running.TryRemove(done.Id, out _), TaskScheduler.Default);
        return Results.Accepted();
    }

    private async Task RunAsync(FunctionDescriptor function, CancellationToken stopping)
    {
        Log.Triggered(logger, function.Name);
        try
        {
            await using var scope = services.CreateAsyncScope();
            await FunctionInvoker.InvokeTimerAsync(function, scope.ServiceProvider, new TimerInfo(), stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            Log.Failed(logger, function.Name, ex);
        }
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Timer function {Function} triggered by hand.")]
        public static partial void Triggered(ILogger logger, string function);

        [LoggerMessage(2, LogLevel.Error, "Timer function {Function}, triggered by hand, failed.")]
        public static partial void Failed(ILogger logger, string function, Exception exception);
    }
}
