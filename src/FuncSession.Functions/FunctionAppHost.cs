using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncSession.Functions;

/// <summary>Builds the Function App's host: the ASP.NET Core integration, the session services and their telemetry.</summary>
public static class FunctionAppHost
{
    public static IHost Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        // The SDK logs every expected 404, 409 and 412 as a warning; storage faults are logged by the app itself.
        builder.Logging.AddFilter("Azure.Core", LogLevel.Error);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddFuncSession(builder.Configuration);
        builder.Services.AddFunctionAppTelemetry(builder.Configuration);
        return builder.Build();
    }
}
