using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting.Tests;

public sealed class CloudLoggingJsonFormatterTests
{
    private static JsonElement Format(LogLevel level, string template, object?[] args, Exception? exception = null, params Dictionary<string, object?>[] scopes)
    {
        var formatter = new CloudLoggingJsonFormatter(new StaticMonitor(new CloudLoggingJsonFormatterOptions { FunctionName = "Aggregator" }));
        var scopeProvider = new LoggerExternalScopeProvider();
        var disposables = scopes.Select(s => scopeProvider.Push(s)).ToList();
        var state = new FormattedState(template, args);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<FormattedState>(level, "Test", default, state, exception, (s, _) => s.ToString()), scopeProvider, writer);
        disposables.ForEach(d => d.Dispose());
        var line = writer.ToString();
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    [Fact]
    public void Write_CandleClosedEvent_HasTheContractFields()
    {
        var json = Format(LogLevel.Information, "Candle closed {symbol} latency_ms={latency_ms}", ["BTCUSDT", 850L], null,
            new Dictionary<string, object?> { [CloudLoggingFields.Trace] = "projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736" },
            new Dictionary<string, object?> { [CloudLoggingFields.Event] = "candle_closed" });
        Assert.Equal("INFO", json.GetProperty("severity").GetString());
        Assert.Equal("Candle closed BTCUSDT latency_ms=850", json.GetProperty("message").GetString());
        Assert.Equal("candle_closed", json.GetProperty("event").GetString());
        Assert.Equal("Aggregator", json.GetProperty("function").GetString());
        Assert.Equal("BTCUSDT", json.GetProperty("symbol").GetString());
        Assert.Equal(850, json.GetProperty("latency_ms").GetInt64());
        Assert.Equal("projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736", json.GetProperty("logging.googleapis.com/trace").GetString());
        Assert.Equal("BTCUSDT", json.GetProperty("logging.googleapis.com/labels").GetProperty("symbol").GetString());
    }

    [Theory]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "CRITICAL")]
    public void Write_Level_MapsToSeverity(LogLevel level, string severity) =>
        Assert.Equal(severity, Format(level, "x", []).GetProperty("severity").GetString());

    [Fact]
    public void Write_Exception_AppendedToMessage()
    {
        var json = Format(LogLevel.Error, "Event {ce_id} failed", ["9"], new InvalidOperationException("boom"));
        var message = json.GetProperty("message").GetString()!;
        Assert.StartsWith("Event 9 failed", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: boom", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")]
    [InlineData(null, "105445aa7843bc8bf206b12000100000/1;o=1", "105445aa7843bc8bf206b12000100000", "1")]
    public void TraceHeader_W3cOrCloudHeader_ReadsTraceAndSpan(string? traceparent, string? cloud, string trace, string span)
    {
        var headers = new HeaderDictionary();
        if (traceparent is not null)
        {
            headers["traceparent"] = traceparent;
        }

        if (cloud is not null)
        {
            headers["X-Cloud-Trace-Context"] = cloud;
        }

        Assert.Equal((trace, span), TraceHeader.Read(headers));
    }

    [Fact]
    public void TraceHeader_Garbage_IsNull() =>
        Assert.Null(TraceHeader.Read(new HeaderDictionary { ["traceparent"] = "zz", ["X-Cloud-Trace-Context"] = "short" }));

    private sealed class StaticMonitor(CloudLoggingJsonFormatterOptions value) : IOptionsMonitor<CloudLoggingJsonFormatterOptions>
    {
        public CloudLoggingJsonFormatterOptions CurrentValue => value;

        public CloudLoggingJsonFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CloudLoggingJsonFormatterOptions, string?> listener) => null;
    }

    /// <summary>A message-template state like the one ILogger.Log creates.</summary>
    private sealed class FormattedState(string template, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _pairs = Pairs(template, args);

        public int Count => _pairs.Count;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            var text = template;
            foreach (var (key, value) in _pairs.Where(p => p.Key != "{OriginalFormat}"))
            {
                text = text.Replace("{" + key + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return text;
        }

        private static List<KeyValuePair<string, object?>> Pairs(string template, object?[] args)
        {
            var names = System.Text.RegularExpressions.Regex.Matches(template, "{([a-z_]+)}").Select(m => m.Groups[1].Value).ToList();
            var pairs = names.Select((n, i) => new KeyValuePair<string, object?>(n, args[i])).ToList();
            pairs.Add(new("{OriginalFormat}", template));
            return pairs;
        }
    }
}
