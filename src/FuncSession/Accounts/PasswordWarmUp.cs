using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FuncSession.Accounts;

/// <summary>
/// Builds <see cref="Passwords"/> (and so its dummy hash, a full-cost hash) in the background as
/// the app starts, so the first login does not pay for it.
/// </summary>
internal sealed class PasswordWarmUp(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        services.GetRequiredService<Passwords>();
    }
}
