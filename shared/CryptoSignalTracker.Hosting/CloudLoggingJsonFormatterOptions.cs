using Microsoft.Extensions.Logging.Console;

namespace CryptoSignalTracker.Hosting;

/// <summary>Options of <see cref="CloudLoggingJsonFormatter"/>.</summary>
public sealed class CloudLoggingJsonFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The <c>function</c> field of every line, e.g. <c>Aggregator</c>. Default "".</summary>
    public string FunctionName { get; set; } = string.Empty;
}
