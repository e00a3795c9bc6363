using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Strategy;
using CryptoSignalTracker.Core.Validation;

using static CryptoSignalTracker.Core.Messages.JsonFields;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// A SWING intent as the MacroEngine records it in <see cref="IStateStore"/> collection <see cref="Collection"/>
/// under key <see cref="KeyFor"/> (the signal id), for the LogicEngine to open through the portfolio (sizing,
/// conflict rules) and to publish as a SWING entry. One compact JSON object:
/// <c>{"v":1,"id","symbol","candleOpenTime","side","entry","stopLoss","takeProfit","strength","reason",
/// "bias":{"symbol","direction","confidence","publishedAt","expiresAt","note"?}}</c>; times are ISO 8601 UTC
/// (<see cref="WireNames.Time"/>), numbers are written in shortest round-trip form so a decode gives the exact
/// doubles that were encoded.
/// </summary>
public static class SwingIntentCodec
{
    /// <summary>The <see cref="IStateStore"/> collection of SWING intents.</summary>
    public const string Collection = "swing-intents";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The intent's key and signal id, <c>{symbol}-{candle open unix seconds}-macro-swing</c>
    /// (<see cref="Signal.MakeId"/> with <see cref="MacroRules.StrategyId"/>), e.g. <c>BTCUSDT-1700000000-macro-swing</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is not a symbol, or the id is not a valid store key.</exception>
    public static string KeyFor(string symbol, long candleOpenTimeMs)
    {
        if (!Symbols.IsWellFormed(symbol))
        {
            throw new ArgumentException($"'{symbol}' is not a symbol (expected e.g. BTCUSDT)", nameof(symbol));
        }

        return StoreNames.Validate(Signal.MakeId(symbol, candleOpenTimeMs, MacroRules.StrategyId), "swing intent key");
    }

    /// <summary>Encodes <paramref name="signal"/> of <paramref name="symbol"/> as compact JSON.</summary>
    /// <exception cref="ArgumentException">The symbol is malformed, the bias belongs to another symbol, or a number is not finite.</exception>
    public static string Encode(string symbol, MacroSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var id = KeyFor(symbol, signal.CandleOpenTimeMs);
        var intent = signal.Intent;
        var bias = signal.Bias ?? throw new ArgumentException("the macro signal has no bias", nameof(signal));
        if (bias.Symbol != symbol)
        {
            throw new ArgumentException($"the bias is for '{bias.Symbol}', the intent for '{symbol}'", nameof(signal));
        }

        Finite(intent.Entry, "entry");
        Finite(intent.StopLoss, "stopLoss");
        Finite(intent.TakeProfit, "takeProfit");
        Finite(intent.Strength, "strength");
        Finite(bias.Confidence, "bias.confidence");

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("id", id);
            w.WriteString("symbol", symbol);
            w.WriteString("candleOpenTime", WireNames.Time(signal.CandleOpenTimeMs));
            w.WriteString("side", WireNames.Of(intent.Side));
            w.WriteNumber("entry", intent.Entry);
            w.WriteNumber("stopLoss", intent.StopLoss);
            w.WriteNumber("takeProfit", intent.TakeProfit);
            w.WriteNumber("strength", intent.Strength);
            w.WriteString("reason", intent.Reason ?? string.Empty);
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
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Decodes an intent written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">
    /// The text is not a JSON object, a field is missing or has the wrong type or value, the id does not match the
    /// symbol and candle time, or the intent breaks the <see cref="InputRules"/> (levels on the wrong side, times out of
    /// range, confidence outside [0, 100], text with control or bidi characters); the message names the field.
    /// </exception>
    public static (string Id, string Symbol, MacroSignal Signal) Decode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ReadVersioned(System.Text.Encoding.UTF8.GetBytes(json), "swing intent", Version, root =>
        {
            var id = Str(root, "id", "id");
            var symbol = Str(root, "symbol", "symbol");
            if (!Symbols.IsWellFormed(symbol))
            {
                throw new FormatException($"field 'symbol' is '{symbol}', not a symbol (expected e.g. BTCUSDT)");
            }

            var openMs = Time(root, "candleOpenTime", "candleOpenTime");
            var expectedId = Signal.MakeId(symbol, openMs, MacroRules.StrategyId);
            if (id != expectedId)
            {
                throw new FormatException($"field 'id' is '{id}' but symbol and candleOpenTime give '{expectedId}'");
            }

            var intent = new EntryIntent(
                Dir(root, "side", "side"),
                Num(root, "entry", "entry"),
                Num(root, "stopLoss", "stopLoss"),
                Num(root, "takeProfit", "takeProfit"),
                Num(root, "strength", "strength"),
                Text(root, "reason", "reason"));

            var b = Obj(root, "bias", "bias");
            string? note = null;
            if (b.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                note = n.ValueKind == JsonValueKind.String ? n.GetString() : throw new FormatException("field 'bias.note' must be a string");
            }

            var bias = new MacroBias(
                Str(b, "symbol", "bias.symbol"),
                Dir(b, "direction", "bias.direction"),
                Num(b, "confidence", "bias.confidence"),
                Time(b, "publishedAt", "bias.publishedAt"),
                Time(b, "expiresAt", "bias.expiresAt"),
                note);
            if (bias.Symbol != symbol)
            {
                throw new FormatException($"field 'bias.symbol' is '{bias.Symbol}' but the intent is for '{symbol}'");
            }

            var problem = InputRules.Time(openMs, "field 'candleOpenTime'")
                ?? InputRules.Levels(intent.Side, intent.Entry, intent.StopLoss, intent.TakeProfit, "intent")
                ?? (double.IsFinite(intent.Strength) ? null : "field 'strength' is not a finite number")
                ?? InputRules.Text(intent.Reason, "field 'reason'")
                ?? InputRules.Bias(bias, "bias");
            return problem is null ? (id, symbol, new MacroSignal(intent, bias, openMs)) : throw new FormatException(problem);
        });
    }

    private static void Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"swing intent field '{field}' is {value.ToString(CultureInfo.InvariantCulture)}, not a finite number", nameof(value));
        }
    }
}
