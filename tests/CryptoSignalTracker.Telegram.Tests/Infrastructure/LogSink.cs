using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>An in-memory logger provider and factory: every line (formatted message plus exception text) is kept.</summary>
public sealed class LogSink : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>A typed logger writing here.</summary>
    public ILogger<T> For<T>() => new Logger<T>(this);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
        throw new NotSupportedException("the sink is its own only provider");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // nothing to release: lines stay readable after disposal
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Keep the raw state too (template values), so a secret passed as an argument would be caught.
            var line = $"{logLevel} {category}: {formatter(state, exception)} | {state} | {exception}";
            sink._lines.Enqueue(line);
        }
    }
}
