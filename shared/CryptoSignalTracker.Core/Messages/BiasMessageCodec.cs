using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

using static CryptoSignalTracker.Core.Messages.JsonFields;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// The payload of topic <c>macro-bias-updates</c>, UTF-8 JSON
/// <c>{"v":1,"symbol","direction","confidence","publishedAt","expiresAt","note"?}</c> (the same fields as the <c>bias</c>
/// object of <c>trade-signals-micro</c> entries). It is a state message: the symbol's current bias. Receiving the same
/// one twice (the MacroEngine republishes it on a retried run) changes nothing.
/// </summary>
public static class BiasMessageCodec
{
    /// <summary>The topic.</summary>
    public const string Topic = "macro-bias-updates";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
    /// <exception cref="FormatException">The payload is not valid JSON or a field is missing or wrong; the message names the field.</exception>
    public static MacroBias Decode(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new FormatException($"macro-bias-updates message is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("macro-bias-updates message must be a JSON object");
            }

            var v = Get(root, "v", "v");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
            {
                throw new FormatException("field 'v' must be an integer");
            }

            if (version != Version)
            {
                throw new FormatException($"field 'v' is {version}; only version {Version} is understood");
            }

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

            var direction = Str(root, "direction", "direction");
            var side = direction switch
            {
                "LONG" => Direction.Long,
                "SHORT" => Direction.Short,
                _ => throw new FormatException($"field 'direction' is '{direction}' (expected LONG or SHORT)"),
            };
            var confidence = Num(root, "confidence", "confidence");
            return new MacroBias(symbol, side, confidence, Time(root, "publishedAt", "publishedAt"), Time(root, "expiresAt", "expiresAt"), note);
        }
    }
}
