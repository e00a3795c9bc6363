using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>Collects every log line (scopes too) of the loggers it creates into one list, for "no token in any log line" checks.</summary>
internal sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lock (lines)
            {
                lines.Add($"{category} scope {state}");
            }

            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{category} {logLevel} {formatter(state, exception)} {exception}");
            }
        }
    }
}
