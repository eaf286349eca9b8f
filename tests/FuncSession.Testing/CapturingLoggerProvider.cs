using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FuncSession.Testing;

/// <summary>Keeps the log entries of one category, so a test can check what was logged by event id.</summary>
public sealed class CapturingLoggerProvider(string category) : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId Event, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == category ? new CapturingLogger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Entries.Enqueue((logLevel, eventId, exception));
    }
}
