using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using FuncSession.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FuncSession.Functions;

/// <summary>
/// Sends the service's metrics and storage spans to Application Insights through the worker's
/// OpenTelemetry support and Azure Monitor's exporter, when the app has an Application Insights
/// connection string. With <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD</c>,
/// and <c>ClientId=</c> for a user-assigned identity) it signs in with that managed identity, as the
/// Functions host does, so Application Insights can refuse local (key) authentication.
/// </summary>
public static class FunctionAppTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IServiceCollection AddFunctionAppTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString)
        {
            return services;
        }
        var credential = Credential(configuration[AuthenticationStringSetting]);
        void Configure(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.Credential = credential;
        }

        // Metrics and traces only: the worker's logs already reach Application Insights through the
        // Functions host, and exporting them here as well would store each line twice.
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter(FuncSessionTelemetry.MeterName).AddAzureMonitorMetricExporter(Configure))
            .WithTracing(tracing => tracing.AddSource(FuncSessionTelemetry.ActivitySourceName).AddAzureMonitorTraceExporter(Configure));
        return services;
    }

    /// <summary>
    /// The managed identity an authentication string names (<c>Authorization=AAD;ClientId=…</c>); the
    /// system-assigned identity for <c>Authorization=AAD</c> alone; null (key authentication) without one.
    /// </summary>
    internal static TokenCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }
        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The app setting '{AuthenticationStringSetting}' must be 'Authorization=AAD' or 'Authorization=AAD;ClientId=<client id of the managed identity>'.");
        }
        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
