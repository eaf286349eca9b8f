using System.Diagnostics.Metrics;

namespace FuncSession.CleanupBenchmark;

/// <summary>
/// Counts the HTTP requests this process sends, from the runtime's own <c>http.client.request.duration</c>
/// measurement (one per request, retries included): what Table Storage bills and throttles, whichever
/// client code sent them.
/// </summary>
internal sealed class RequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public RequestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
        _listener.Start();
    }

    /// <summary>Requests finished so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
