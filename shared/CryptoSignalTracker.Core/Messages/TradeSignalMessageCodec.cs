using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;

using static CryptoSignalTracker.Core.Messages.JsonFields;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// The JSON of topic <c>trade-signals-micro</c> (UTF-8, one object):
/// entry <c>{"v":1,"type":"ENTRY","signal":{…},"bias":{…}|null}</c>, exit
/// <c>{"v":1,"type":"EXIT","trade":{…},"riskAmount":…}</c>. The signal and trade objects are exactly what
/// <see cref="BacktestJson.WriteSignal"/> and <see cref="BacktestJson.WriteTrade"/> write (prices rounded to 8
/// decimals); the bias is <c>{"symbol","direction","confidence","publishedAt","expiresAt","note"?}</c>.
/// <c>riskAmount</c> carries <see cref="ClosedTrade.RiskAmount"/>, which the trade object only gives as
/// <c>rMultiple</c>; when absent it is derived as <c>pnl / rMultiple</c> (0 when <c>rMultiple</c> is 0).
/// </summary>
public static class TradeSignalMessageCodec
{
    /// <summary>The topic these messages travel on.</summary>
    public const string Topic = "trade-signals-micro";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;

    private const string EntryType = "ENTRY";
    private const string ExitType = "EXIT";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Encodes an entry.</summary>
    public static byte[] EncodeEntry(Signal signal, MacroBias? bias)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return Write(w =>
        {
            w.WriteString("type", EntryType);
            w.WritePropertyName("signal");
            BacktestJson.WriteSignal(w, signal);
            if (bias is null)
            {
                w.WriteNull("bias");
            }
            else
            {
                w.WriteStartObject("bias");
                w.WriteString("symbol", bias.Symbol);
                w.WriteString("direction", WireNames.Of(bias.Side));
                w.WriteNumber("confidence", bias.Confidence);
                w.WriteString("publishedAt", WireNames.Time(bias.PublishedAtMs));
                w.WriteString("expiresAt", WireNames.Time(bias.ExpiresAtMs));
                if (bias.Note is not null)
                {
                    w.WriteString("note", bias.Note);
                }

                w.WriteEndObject();
            }
        });
    }

    /// <summary>Encodes an exit.</summary>
    public static byte[] EncodeExit(ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return Write(w =>
        {
            w.WriteString("type", ExitType);
            w.WritePropertyName("trade");
            BacktestJson.WriteTrade(w, trade);
            w.WriteNumber("riskAmount", trade.RiskAmount);
        });
    }

    /// <summary>Encodes <paramref name="message"/> (entry or exit).</summary>
    public static byte[] Encode(TradeSignalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Type == TradeSignalMessageType.Entry
            ? EncodeEntry(message.Signal ?? throw new ArgumentException("an entry message needs a signal", nameof(message)), message.Bias)
            : EncodeExit(message.Trade ?? throw new ArgumentException("an exit message needs a trade", nameof(message)));
    }

    /// <summary>Decodes one message.</summary>
    /// <exception cref="FormatException">The payload is not valid JSON or a field is missing or wrong; the message names the field.</exception>
    public static TradeSignalMessage Decode(ReadOnlyMemory<byte> payload)
    {
        return ReadVersioned(payload, "trade-signals-micro message", Version, root =>
        {
            var type = Str(root, "type", "type");
            var message = type switch
            {
                EntryType => TradeSignalMessage.ForEntry(ReadSignal(Obj(root, "signal", "signal")), ReadBias(root)),
                ExitType => TradeSignalMessage.ForExit(ReadTrade(root)),
                _ => throw new FormatException($"field 'type' is '{InputRules.Shown(type)}' (expected ENTRY or EXIT)"),
            };
            return Problem(message) is { } problem ? throw new FormatException(problem) : message;
        });
    }

    /// <summary>The first <see cref="InputRules"/> a decoded message breaks (ids, symbols, times, levels on the right side, quantities, text), or null.</summary>
    private static string? Problem(TradeSignalMessage message)
    {
        if (message.Signal is { } s)
        {
            return InputRules.Id(s.Id, "field 'signal.id'")
                ?? InputRules.Symbol(s.Symbol, "field 'signal.symbol'")
                ?? InputRules.Time(s.TimeMs, "field 'signal.time'")
                ?? InputRules.Levels(s.Side, s.Entry, s.StopLoss, s.TakeProfit, "signal")
                ?? InputRules.Quantity(s.Quantity, "field 'signal.quantity'")
                ?? InputRules.Confidence(s.Confidence, "field 'signal.confidence'")
                ?? InputRules.Text(s.Reason, "field 'signal.reason'")
                ?? InputRules.Id(s.StrategyId, "field 'signal.strategy'")
                ?? (message.Bias is { } b ? InputRules.Bias(b, "bias") : null);
        }

        var t = message.Trade!;
        return InputRules.Id(t.SignalId, "field 'trade.signalId'")
            ?? InputRules.Symbol(t.Symbol, "field 'trade.symbol'")
            ?? InputRules.Time(t.EntryTimeMs, "field 'trade.entryTime'")
            ?? InputRules.Time(t.ExitTimeMs, "field 'trade.exitTime'")
            ?? InputRules.Price(t.EntryPrice, "field 'trade.entryPrice'")
            ?? InputRules.Price(t.ExitPrice, "field 'trade.exitPrice'")
            ?? InputRules.Quantity(t.Quantity, "field 'trade.quantity'")
            ?? (t.Fees >= 0 ? null : $"field 'trade.fees' {t.Fees.ToString(CultureInfo.InvariantCulture)} is negative");
    }

    private static Signal ReadSignal(JsonElement s) => new(
        Str(s, "id", "signal.id"),
        Str(s, "symbol", "signal.symbol"),
        Time(s, "time", "signal.time"),
        Dir(s, "side", "signal.side"),
        Kind(s, "kind", "signal.kind"),
        Num(s, "entry", "signal.entry"),
        Num(s, "stopLoss", "signal.stopLoss"),
        Num(s, "takeProfit", "signal.takeProfit"),
        Num(s, "quantity", "signal.quantity"),
        Num(s, "confidence", "signal.confidence"),
        Str(s, "reason", "signal.reason"),
        Str(s, "strategy", "signal.strategy"),
        s.TryGetProperty("forming", out var f) && (f.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? f.GetBoolean()
            : throw new FormatException("field 'signal.forming' must be true or false")));

    private static MacroBias? ReadBias(JsonElement root)
    {
        if (!root.TryGetProperty("bias", out var b) || b.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (b.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("field 'bias' must be an object or null");
        }

        string? note = null;
        if (b.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            note = n.ValueKind == JsonValueKind.String ? n.GetString() : throw new FormatException("field 'bias.note' must be a string");
        }

        return new MacroBias(
            Str(b, "symbol", "bias.symbol"),
            Dir(b, "direction", "bias.direction"),
            Num(b, "confidence", "bias.confidence"),
            Time(b, "publishedAt", "bias.publishedAt"),
            Time(b, "expiresAt", "bias.expiresAt"),
            note);
    }

    private static ClosedTrade ReadTrade(JsonElement root)
    {
        var t = Obj(root, "trade", "trade");
        var pnl = Num(t, "pnl", "trade.pnl");
        var r = Num(t, "rMultiple", "trade.rMultiple");
        var risk = root.TryGetProperty("riskAmount", out _) ? Num(root, "riskAmount", "riskAmount") : (r == 0 ? 0 : pnl / r);
        return new ClosedTrade(
            Str(t, "signalId", "trade.signalId"),
            Str(t, "symbol", "trade.symbol"),
            Dir(t, "side", "trade.side"),
            Kind(t, "kind", "trade.kind"),
            Time(t, "entryTime", "trade.entryTime"),
            Num(t, "entryPrice", "trade.entryPrice"),
            Time(t, "exitTime", "trade.exitTime"),
            Num(t, "exitPrice", "trade.exitPrice"),
            Reason(t, "exitReason", "trade.exitReason"),
            Num(t, "quantity", "trade.quantity"),
            Num(t, "fees", "trade.fees"),
            pnl,
            risk);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static SignalKind Kind(JsonElement o, string name, string path)
    {
        var text = Str(o, name, path);
        return text switch
        {
            "MICRO" => SignalKind.Micro,
            "SWING" => SignalKind.Swing,
            _ => throw new FormatException($"field '{path}' is '{InputRules.Shown(text)}' (expected MICRO or SWING)"),
        };
    }

    private static ExitReason Reason(JsonElement o, string name, string path)
    {
        var text = Str(o, name, path);
        return text switch
        {
            "TP" => ExitReason.TakeProfit,
            "SL" => ExitReason.StopLoss,
            "TIME" => ExitReason.Time,
            "END" => ExitReason.End,
            _ => throw new FormatException($"field '{path}' is '{InputRules.Shown(text)}' (expected TP, SL, TIME or END)"),
        };
    }
}
