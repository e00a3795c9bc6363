using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>Keeps every formatted log line with its level (to check what an operator would read).</summary>
internal sealed class LogLines : ILogger<LiveEngine>
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Text)> _lines = [];

    public List<(LogLevel Level, string Text)> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
