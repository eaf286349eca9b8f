using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FuncSession.Testing;

/// <summary>
/// Collects every measurement of the meters one host's <see cref="IMeterFactory"/> made, so tests
/// running beside it, each with a host of its own, do not count into it.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsCollector(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every measurement so far.</summary>
    public IReadOnlyList<Measurement> All => [.. _measurements];

    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of an instrument's measurements, optionally only those with <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public double Sum(string instrument, string? tag = null, object? value = null) =>
        Of(instrument).Where(m => tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    public sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
