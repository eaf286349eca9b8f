using Azure.Data.Tables;
using FuncSession.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession.Storage;

/// <summary>
/// Creates the tables once when the app starts, never on a request. When storage is not
/// reachable yet, it keeps trying in the background; requests answer 503 meanwhile.
/// </summary>
internal sealed partial class TableInitializer(
    SessionTables tables,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<TableInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CreateTablesOnStartup)
        {
            // In Azure the deployment creates the tables; trying again would cost five storage
            // calls on every cold start.
            Log.TablesLeftToDeployment(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CreateAllAsync(stoppingToken);
                Log.TablesReady(logger, options.Value.TablePrefix);
                return;
            }
            catch (StorageUnavailableException ex)
            {
                Log.TablesNotReady(logger, ex.Message);
            }
            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal Task CreateAllAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "tables.create",
            ct => Task.WhenAll(tables.All.Select(table => table.CreateIfNotExistsAsync(ct))),
            cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(LogEvents.TablesReady, LogLevel.Information, "Session tables are ready (prefix '{Prefix}').")]
        public static partial void TablesReady(ILogger logger, string prefix);

        [LoggerMessage(LogEvents.TablesNotReady, LogLevel.Warning, "Session tables could not be created yet; retrying in 5 s: {Reason}")]
        public static partial void TablesNotReady(ILogger logger, string reason);

        [LoggerMessage(LogEvents.TablesLeftToDeployment, LogLevel.Information, "Session tables are not created at start-up (FuncSession__CreateTablesOnStartup is false); the deployment creates them.")]
        public static partial void TablesLeftToDeployment(ILogger logger);
    }
}
