using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Console formatter writing one JSON object per line in Cloud Logging's structured form: <c>severity</c>,
/// <c>message</c> (exception appended), <c>function</c>, the message template's properties and the scopes'
/// key/value pairs as top-level fields (<c>event</c>, <c>symbol</c>, <c>latency_ms</c>, the trace), and
/// <c>logging.googleapis.com/labels</c> with function and symbol. Used when <c>K_SERVICE</c> is set.
/// </summary>
public sealed class CloudLoggingJsonFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name for <c>AddConsole(o =&gt; o.FormatterName = ...)</c>.</summary>
    public const string FormatterName = "cloud-logging-json";

    private const string OriginalFormat = "{OriginalFormat}";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly CloudLoggingJsonFormatterOptions _options;

    /// <summary>Creates the formatter.</summary>
    public CloudLoggingJsonFormatter(IOptionsMonitor<CloudLoggingJsonFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.CurrentValue;
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is not null)
        {
            message = string.IsNullOrEmpty(message) ? logEntry.Exception.ToString() : message + Environment.NewLine + logEntry.Exception;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        scopeProvider?.ForEachScope(static (scope, state) => Collect(scope, state), fields);
        Collect(logEntry.State, fields);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(CloudLoggingFields.Severity, SeverityOf(logEntry.LogLevel));
            writer.WriteString(CloudLoggingFields.Message, message);
            writer.WriteString(CloudLoggingFields.Function, _options.FunctionName);
            writer.WriteString("category", logEntry.Category);
            foreach (var (key, value) in fields)
            {
                if (key is CloudLoggingFields.Severity or CloudLoggingFields.Message or CloudLoggingFields.Function or "category")
                {
                    continue;
                }

                writer.WritePropertyName(key);
                WriteValue(writer, value);
            }

            writer.WriteStartObject(CloudLoggingFields.Labels);
            writer.WriteString(CloudLoggingFields.Function, _options.FunctionName);
            if (fields.TryGetValue(CloudLoggingFields.Symbol, out var symbol) && symbol is not null)
            {
                writer.WriteString(CloudLoggingFields.Symbol, Convert.ToString(symbol, System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    /// <summary>Cloud Logging's severity for a log level.</summary>
    public static string SeverityOf(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "DEFAULT",
    };

    private static void Collect(object? state, Dictionary<string, object?> fields)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (key != OriginalFormat)
                {
                    fields[key] = value;
                }
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
