using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Hosting;

/// <summary>Writes log lines that carry an <c>event</c> field (the metrics' filter) beside the template's properties.</summary>
public static class LoggerEventExtensions
{
    /// <summary>
    /// Logs <paramref name="template"/> at <paramref name="level"/> with <c>event</c> = <paramref name="eventName"/>.
    /// Name template properties as the log contract does (<c>{symbol}</c>, <c>{latency_ms}</c>, ...).
    /// </summary>
    public static void LogEvent(this ILogger logger, LogLevel level, string eventName, string template, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        using (logger.BeginScope(new Dictionary<string, object?> { [CloudLoggingFields.Event] = eventName }))
        {
#pragma warning disable CA2254 // the template is the caller's constant
            logger.Log(level, template, args);
#pragma warning restore CA2254
        }
    }
}
