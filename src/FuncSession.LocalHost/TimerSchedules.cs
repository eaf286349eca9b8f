using FuncSession.Functions;
using Microsoft.Extensions.Configuration;

namespace FuncSession.LocalHost;

/// <summary>
/// The schedules of the timer functions, resolved and checked before the app listens, so a bad
/// setting stops LocalHost at once with a message that names it rather than after start-up.
/// </summary>
internal static class TimerSchedules
{
    /// <summary>Settings a timer schedule names, with the value used when the setting is absent.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [SessionCleanupFunction.ScheduleSetting] = SessionCleanupFunction.DefaultSchedule,
    };

    /// <summary>Each timer function's schedule expression, by function name.</summary>
    /// <exception cref="InvalidScheduleException">A schedule, or the setting it names, is missing or malformed.</exception>
    public static IReadOnlyDictionary<string, string> Resolve(IEnumerable<FunctionDescriptor> functions, IConfiguration configuration)
    {
        var schedules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in functions.Where(f => f.Schedule is not null))
        {
            var source = function.Schedule!.Length > 2 && function.Schedule[0] == '%' && function.Schedule[^1] == '%'
                ? $"The app setting '{function.Schedule[1..^1]}'"
                : $"The schedule of timer function '{function.Name}'";
            string expression;
            try
            {
                expression = TimerRunner.ResolveSchedule(function.Schedule, configuration);
                _ = TimerRunner.NextOccurrence(expression);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or NCrontab.CrontabException)
            {
                throw new InvalidScheduleException(
                    $"{source} is not a timer schedule: {ex.Message} Use an NCRONTAB expression with seconds, such as '{SessionCleanupFunction.DefaultSchedule}', or a TimeSpan such as '00:05:00'.",
                    ex);
            }
            schedules[function.Name] = expression;
        }
        return schedules;
    }
}
