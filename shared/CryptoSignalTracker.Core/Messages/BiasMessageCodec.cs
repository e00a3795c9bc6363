using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;

using static CryptoSignalTracker.Core.Messages.JsonFields;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// The payload of topic <c>macro-bias-updates</c>, UTF-8 JSON
/// <c>{"v":1,"symbol","direction","confidence","publishedAt","expiresAt","note"?}</c> (the same fields as the <c>bias</c>
/// object of <c>trade-signals-micro</c> entries). It is a state message: the symbol's current bias. Receiving the same
/// one twice (the LogicEngine republishes it when a minute is decided again, the MacroEngine on every run) changes nothing.
/// </summary>
public static class BiasMessageCodec
{
    /// <summary>The topic.</summary>
    public const string Topic = "macro-bias-updates";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bus message of <paramref name="bias"/>: its JSON with attribute <c>symbol</c>.</summary>
    public static Ports.BusMessage Message(MacroBias bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        return new Ports.BusMessage(Encode(bias), new Dictionary<string, string>(StringComparer.Ordinal) { ["symbol"] = bias.Symbol });
    }

    /// <summary>Encodes <paramref name="bias"/> as UTF-8 JSON.</summary>
    public static byte[] Encode(MacroBias bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
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

        return stream.ToArray();
    }

    /// <summary>Decodes one message.</summary>
    /// <exception cref="FormatException">
    /// The payload is not valid JSON, a field is missing or wrong, or the bias breaks <see cref="InputRules.Bias"/> (times
    /// out of range, confidence outside [0, 100], a note with control or bidi characters); the message names the field.
    /// </exception>
    public static MacroBias Decode(ReadOnlyMemory<byte> payload)
    {
        return ReadVersioned(payload, "macro-bias-updates message", Version, root =>
        {
            string? note = null;
            if (root.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                note = n.ValueKind == JsonValueKind.String ? n.GetString() : throw new FormatException("field 'note' must be a string");
            }

            var symbol = Str(root, "symbol", "symbol");
            if (!Symbols.IsWellFormed(symbol))
            {
                throw new FormatException($"field 'symbol' is '{symbol}', not a symbol (expected e.g. BTCUSDT)");
            }

            var side = Dir(root, "direction", "direction");
            var confidence = Num(root, "confidence", "confidence");
            var bias = new MacroBias(symbol, side, confidence, Time(root, "publishedAt", "publishedAt"), Time(root, "expiresAt", "expiresAt"), note);
            return InputRules.Bias(bias, string.Empty) is { } problem ? throw new FormatException(problem) : bias;
        });
    }
}
