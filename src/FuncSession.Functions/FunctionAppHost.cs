using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncSession.Functions;

/// <summary>Builds the Function App's host: the ASP.NET Core integration and the session services.</summary>
public static class FunctionAppHost
{
    public static IHost Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddFuncSession(builder.Configuration);
        return builder.Build();
    }
}
