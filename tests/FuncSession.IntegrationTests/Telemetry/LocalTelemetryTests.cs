using System.Diagnostics.Metrics;
using FuncSession.Testing;
using FuncSession.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Telemetry;

/// <summary>LocalHost collects telemetry only when <c>FuncSession__Telemetry</c> asks for an exporter it knows.</summary>
public sealed class LocalTelemetryTests
{
    [Fact]
    public async Task WithoutTheSettingNoExporterListensToTheServiceMeter()
    {
        await using var api = await TestApi.StartAsync();

        var instruments = ServiceInstruments(api);

        Assert.NotEmpty(instruments);
        Assert.All(instruments, instrument => Assert.False(instrument.Enabled, instrument.Name));
    }

    [Fact]
    public async Task WithTheConsoleExporterEveryInstrumentOfTheServiceMeterIsCollected()
    {
        await using var api = await TestApi.StartAsync(settings: new Dictionary<string, string?> { ["FuncSession:Telemetry"] = "console" });

        var instruments = ServiceInstruments(api);

        Assert.Contains(instruments, instrument => instrument.Name == FuncSessionMetrics.StorageDuration);
        Assert.All(instruments, instrument => Assert.True(instrument.Enabled, instrument.Name));
    }

    [Fact]
    public async Task AnUnknownExporterStopsLocalHostWithTheSettingNamed()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApi.StartAsync(settings: new Dictionary<string, string?> { ["FuncSession:Telemetry"] = "zipkin" }));

        Assert.Contains("FuncSession__Telemetry", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The instruments of this API's <c>FuncSession</c> meter. An instrument is enabled only while some
    /// listener collects it; this listener only looks, so an enabled one is collected by OpenTelemetry.
    /// </summary>
    private static List<Instrument> ServiceInstruments(TestApi api)
    {
        _ = api.Services.GetRequiredService<FuncSessionMetrics>();
        var factory = api.Services.GetRequiredService<IMeterFactory>();
        var found = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == FuncSessionTelemetry.MeterName)
                {
                    found.Add(instrument);
                }
            },
        };
        listener.Start();
        return found;
    }
}
