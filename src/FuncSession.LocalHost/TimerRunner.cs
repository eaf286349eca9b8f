using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace FuncSession.LocalHost;

/// <summary>
/// Runs a timer function on its schedule, as the Functions host does: an NCRONTAB expression with
/// seconds (or a TimeSpan), <c>%Setting%</c> resolved from configuration, times in UTC.
/// </summary>
internal sealed partial class TimerRunner(
    FunctionDescriptor function,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerRunner> logger) : BackgroundService
{
    private static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expression = ResolveSchedule(function.Schedule!, configuration);
        var next = NextOccurrence(expression);
        Log.Scheduled(logger, function.Name, expression);
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = next(time.GetUtcNow());
            await WaitUntilAsync(due, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await using var scope = services.CreateAsyncScope();
                await FunctionInvoker.InvokeTimerAsync(function, scope.ServiceProvider, new TimerInfo(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.Failed(logger, function.Name, ex);
            }
        }
    }

    /// <summary>
    /// Waits in steps of at most a day: Task.Delay refuses anything over about 49 days, and a yearly
    /// schedule is further away than that for most of the year.
    /// </summary>
    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        for (var left = due - time.GetUtcNow(); left > TimeSpan.Zero && !stoppingToken.IsCancellationRequested; left = due - time.GetUtcNow())
        {
            await Task.Delay(left < MaxStep ? left : MaxStep, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The schedule with <c>%Setting%</c> replaced by the setting's value.</summary>
    public static string ResolveSchedule(string schedule, IConfiguration configuration)
    {
        if (schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
        {
            var name = schedule[1..^1];
            return configuration[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"The timer schedule setting '{name}' is not set.");
        }
        return schedule;
    }

    /// <summary>A function from "now" to the next time the schedule fires.</summary>
    public static Func<DateTimeOffset, DateTimeOffset> NextOccurrence(string expression)
    {
        if (TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return now => now + interval;
        }

        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        var schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds });
        return now => new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Timer function {Function} scheduled: {Schedule} (UTC).")]
        public static partial void Scheduled(ILogger logger, string function, string schedule);

        [LoggerMessage(2, LogLevel.Error, "Timer function {Function} failed.")]
        public static partial void Failed(ILogger logger, string function, Exception exception);
    }
}
