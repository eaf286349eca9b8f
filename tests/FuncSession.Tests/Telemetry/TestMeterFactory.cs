using System.Diagnostics.Metrics;

namespace FuncSession.Tests.Telemetry;

/// <summary>
/// A meter factory of its own, as each host has: a listener that filters on its <see cref="Meter.Scope"/>
/// sees only the measurements of the code under test, not those of tests running beside it.
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        options.Scope = this;
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }
        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(meter => meter.Dispose());
            _meters.Clear();
        }
    }
}
