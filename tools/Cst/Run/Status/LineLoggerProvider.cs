using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run.Status;

/// <summary>
/// Log lines (<c>2026-12-07T20:40:00.123Z warn CryptoSignalTracker.Live.LiveEngine: message</c>) handed to a writer:
/// the <c>--log</c> file, or the terminal above <c>cst run</c>'s status view, where a plain console logger would write
/// through the view.
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly Action<string> _write;
    private readonly Func<string, LogLevel, bool> _accepts;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    /// <param name="write">Receives each line (called under a lock: one line at a time).</param>
    /// <param name="accepts">Which category and level are written.</param>
    /// <param name="time">The clock of the line's time stamp.</param>
    public LineLoggerProvider(Action<string> write, Func<string, LogLevel, bool> accepts, TimeProvider time)
    {
        _write = write;
        _accepts = accepts;
        _time = time;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && provider._accepts(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{provider._time.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logLevel)} {category}: {formatter(state, exception)}");
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            lock (provider._lock)
            {
                provider._write(line);
            }
        }
    }
}
