using FuncSession.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FuncSession.LocalHost;

/// <summary>
/// Shows the service's metrics and spans while developing, when <c>FuncSession__Telemetry</c> asks:
/// <c>console</c> prints them to the console, <c>otlp</c> sends them to an OpenTelemetry collector
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, default http://localhost:4317). Unset, nothing is collected.
/// </summary>
internal static class LocalTelemetry
{
    public const string Setting = "FuncSession:Telemetry";

    /// <summary>How often metrics are exported: often enough to watch them change while trying the API.</summary>
    private const int ExportIntervalMilliseconds = 10_000;

    public static IServiceCollection AddLocalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var exporter = configuration[Setting];
        if (string.IsNullOrEmpty(exporter))
        {
            return services;
        }
        var console = string.Equals(exporter, "console", StringComparison.OrdinalIgnoreCase);
        if (!console && !string.Equals(exporter, "otlp", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The setting 'FuncSession__Telemetry' is '{exporter}': use 'console', 'otlp', or leave it unset.");
        }

        // ASP.NET Core's own meter and source give request counts, durations and spans beside the service's.
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FuncSessionTelemetry.MeterName, "Microsoft.AspNetCore.Hosting");
                if (console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = ExportIntervalMilliseconds);
                }
                else
                {
                    metrics.AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = ExportIntervalMilliseconds);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(FuncSessionTelemetry.ActivitySourceName, "Microsoft.AspNetCore");
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
                else
                {
                    tracing.AddOtlpExporter();
                }
            });
        return services;
    }
}
