using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>Logging changes for tests that drive thousands of requests.</summary>
public static class Quiet
{
    /// <summary>
    /// Azure.Core logs every 412 (an expected, retried outcome of a contended write) and every
    /// failed try at Warning; under load the console output would cost more than the requests.
    /// </summary>
    public static void AzureCore(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddFilter("Azure.Core", LogLevel.None).AddFilter("FuncSession", LogLevel.Error));
}
