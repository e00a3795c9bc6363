using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The JSON users and tools read: <c>cst backtest --json</c> and <c>cst run --signals-out</c> write signals
/// with the same <see cref="WriteSignal"/>. Output is byte-identical for the same input: fixed property order,
/// invariant formatting, money and prices rounded to 8 decimals, times as ISO 8601 UTC.
/// </summary>
public static class BacktestJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the whole result: signals, trades, metrics, skipped set-ups and biases.</summary>
    public static void Write(BacktestResult result, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        w.WriteStartArray("signals");
        foreach (var s in result.Signals)
        {
            WriteSignal(w, s);
        }

        w.WriteEndArray();
        w.WriteStartArray("trades");
        foreach (var t in result.Trades)
        {
            WriteTrade(w, t);
        }

        w.WriteEndArray();
        WriteMetrics(w, "metrics", result.Metrics);
        w.WriteStartArray("skipped");
        foreach (var s in result.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            w.WriteString("symbol", s.Symbol);
            w.WriteString("time", WireNames.Time(s.TimeMs));
            w.WriteString("side", WireNames.Of(s.Side));
            w.WriteString("kind", WireNames.Of(s.Kind));
            w.WriteString("reason", s.Reason);
            w.WriteString("setup", s.Setup);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("biases");
        foreach (var b in result.Biases)
        {
            w.WriteStartObject();
            w.WriteString("symbol", b.Symbol);
            w.WriteString("direction", WireNames.Of(b.Side));
            w.WriteNumber("confidence", b.Confidence);
            w.WriteString("publishedAt", WireNames.Time(b.PublishedAtMs));
            w.WriteString("expiresAt", WireNames.Time(b.ExpiresAtMs));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One signal as a single-line JSON object (the <c>--signals-out</c> line format).</summary>
    public static string SignalLine(Signal signal)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            WriteSignal(w, signal);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One closed trade as a single-line JSON object (the <c>--trades-out</c> line format).</summary>
    public static string TradeLine(ClosedTrade trade)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            WriteTrade(w, trade);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes one signal object: id, symbol, time, side, kind, entry, stopLoss, takeProfit, quantity, confidence, reason, strategy.</summary>
    public static void WriteSignal(Utf8JsonWriter w, Signal s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("symbol", s.Symbol);
        w.WriteString("time", WireNames.Time(s.TimeMs));
        w.WriteString("side", WireNames.Of(s.Side));
        w.WriteString("kind", WireNames.Of(s.Kind));
        w.WriteNumber("entry", Round(s.Entry));
        w.WriteNumber("stopLoss", Round(s.StopLoss));
        w.WriteNumber("takeProfit", Round(s.TakeProfit));
        w.WriteNumber("quantity", Round(s.Quantity));
        w.WriteNumber("confidence", s.Confidence);
        w.WriteString("reason", s.Reason);
        w.WriteString("strategy", s.StrategyId);
        if (s.Forming)
        {
            w.WriteBoolean("forming", true);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one closed trade object.</summary>
    public static void WriteTrade(Utf8JsonWriter w, ClosedTrade t)
    {
        w.WriteStartObject();
        w.WriteString("signalId", t.SignalId);
        w.WriteString("symbol", t.Symbol);
        w.WriteString("side", WireNames.Of(t.Side));
        w.WriteString("kind", WireNames.Of(t.Kind));
        w.WriteString("entryTime", WireNames.Time(t.EntryTimeMs));
        w.WriteNumber("entryPrice", Round(t.EntryPrice));
        w.WriteString("exitTime", WireNames.Time(t.ExitTimeMs));
        w.WriteNumber("exitPrice", Round(t.ExitPrice));
        w.WriteString("exitReason", WireNames.Of(t.Reason));
        w.WriteNumber("quantity", Round(t.Quantity));
        w.WriteNumber("fees", Round(t.Fees));
        w.WriteNumber("pnl", Round(t.Pnl));
        w.WriteNumber("rMultiple", Round(t.RMultiple));
        w.WriteEndObject();
    }

    /// <summary>Writes the metrics object under <paramref name="name"/> (the <c>metrics</c> of <c>cst backtest --json</c>).</summary>
    public static void WriteMetrics(Utf8JsonWriter w, string name, BacktestMetrics m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("trades", m.Trades);
        w.WriteNumber("winRate", Round(m.WinRate));
        WriteNullable(w, "profitFactor", m.ProfitFactor);
        w.WriteNumber("netPnl", Round(m.NetPnl));
        w.WriteNumber("maxDrawdown", Round(m.MaxDrawdown));
        w.WriteNumber("sharpe", Round(m.Sharpe));
        WriteNullable(w, "sortino", m.Sortino);
        w.WriteNumber("averageR", Round(m.AverageR));
        w.WriteNumber("expectancy", Round(m.Expectancy));
        w.WriteNumber("fees", Round(m.Fees));
        w.WriteNumber("maxDrawdownAmount", Round(m.MaxDrawdownAmount));
        w.WriteNumber("exposure", Round(m.Exposure));
        w.WriteNumber("finalEquity", Round(m.FinalEquity));
        w.WriteStartArray("perSymbol");
        foreach (var s in m.PerSymbol)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("trades", s.Trades);
            w.WriteNumber("winRate", Round(s.WinRate));
            w.WriteNumber("averageR", Round(s.AverageR));
            WriteNullable(w, "profitFactor", s.ProfitFactor);
            w.WriteNumber("netPnl", Round(s.NetPnl));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes a number rounded to 8 decimals, or null.</summary>
    public static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Rounds to 8 decimals, the precision of every number this JSON writes.</summary>
    public static double Round(double value) => Math.Round(value, 8, MidpointRounding.ToEven);
}
