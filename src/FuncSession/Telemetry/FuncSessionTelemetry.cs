using System.Diagnostics;

namespace FuncSession.Telemetry;

/// <summary>
/// The names under which the service reports: hosts pass them to OpenTelemetry's
/// <c>AddMeter</c> and <c>AddSource</c>. The dashboard charts the instruments by these names.
/// </summary>
public static class FuncSessionTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of <see cref="FuncSessionMetrics"/>.</summary>
    public const string MeterName = "FuncSession";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the spans around storage calls.</summary>
    public const string ActivitySourceName = "FuncSession";

    /// <summary>
    /// One source for the process, as OpenTelemetry recommends: an activity costs nothing unless a
    /// listener (an exporter, a test) asks for this source.
    /// </summary>
    internal static ActivitySource Source { get; } = new(ActivitySourceName);
}
