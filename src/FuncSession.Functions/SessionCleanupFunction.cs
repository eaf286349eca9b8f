using FuncSession.Cleanup;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>Removes expired sessions on the <c>SessionCleanupSchedule</c> timer (default every 5 minutes).</summary>
/// <remarks>
/// The Functions host, not this worker, resolves <c>%SessionCleanupSchedule%</c>, from the app's
/// settings: in Azure the template sets it, locally local.settings.json does. The default below is
/// what LocalHost uses when the setting is absent. LocalHost's timer and its admin route run this
/// same method.
/// </remarks>
public sealed class SessionCleanupFunction(SessionSweeper sweeper)
{
    /// <summary>The app setting that holds the schedule.</summary>
    public const string ScheduleSetting = "SessionCleanupSchedule";

    /// <summary>NCRONTAB with seconds: at second 0 of every fifth minute.</summary>
    public const string DefaultSchedule = "0 */5 * * * *";

    [Function(ApiRoutes.SessionCleanup.Name)]
    public Task Run(
        [TimerTrigger(ApiRoutes.SessionCleanup.Schedule, RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
