using FuncSession.Cleanup;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>Removes expired sessions on the <c>SessionCleanupSchedule</c> timer (default every 5 minutes).</summary>
public sealed class SessionCleanupFunction(SessionSweeper sweeper)
{
    [Function(ApiRoutes.SessionCleanup.Name)]
    public async Task Run(
        [TimerTrigger(ApiRoutes.SessionCleanup.Schedule, RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        await sweeper.SweepAsync(cancellationToken);
}
