using System.Text.Encodings.Web;
using System.Text.Json;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// The <c>instruments.json</c> that <c>cst download</c> writes beside the candle files: each symbol's tick size
/// and quantity step. Every reader of tick sizes (e.g. price rounding) goes through <see cref="Read(string)"/>.
/// Shape: <c>{"instruments":[{"symbol":"BTCUSDT","tickSize":0.1,"qtyStep":0.001}, ...]}</c>, sorted by symbol.
/// </summary>
public static class InstrumentsFile
{
    /// <summary>The file name <c>cst download</c> uses in its output directory.</summary>
    public const string FileName = "instruments.json";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the file at <paramref name="path"/>, keyed by symbol.</summary>
    /// <exception cref="DataFormatException">The file is not valid JSON of the shape above, or a value is bad (names which).</exception>
    public static IReadOnlyDictionary<string, InstrumentSpec> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The content is not valid (names what).</exception>
    public static IReadOnlyDictionary<string, InstrumentSpec> Read(Stream stream, string sourceName)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("instruments", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new DataFormatException(sourceName, 1, "expected {\"instruments\":[{\"symbol\":..,\"tickSize\":..,\"qtyStep\":..}]}");
            }

            var specs = new SortedDictionary<string, InstrumentSpec>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                var symbol = Field(item, "symbol", sourceName).GetString() ?? string.Empty;
                var spec = new InstrumentSpec(symbol, Field(item, "tickSize", sourceName).GetDouble(), Field(item, "qtyStep", sourceName).GetDouble()).Validate();
                if (!specs.TryAdd(symbol, spec))
                {
                    throw new DataFormatException(sourceName, 1, $"symbol {symbol} is listed twice");
                }
            }

            return specs;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException && ex is not DataFormatException)
        {
            throw new DataFormatException(sourceName, 1, $"not a valid instruments file: {ex.Message}");
        }
    }

    private static JsonElement Field(JsonElement item, string name, string sourceName) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value)
            ? value
            : throw new DataFormatException(sourceName, 1, $"an instrument {item} has no {name}");

    /// <summary>Writes <paramref name="specs"/> to <paramref name="path"/>, merged over the specs already there (a newer spec of a symbol wins).</summary>
    /// <exception cref="DataFormatException">The existing file is not valid; it is left as it is.</exception>
    public static void Merge(string path, IEnumerable<InstrumentSpec> specs)
    {
        var merged = new SortedDictionary<string, InstrumentSpec>(File.Exists(path) ? Read(path).ToDictionary() : [], StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            merged[spec.Symbol] = spec.Validate();
        }

        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var w = new Utf8JsonWriter(stream, Indented))
        {
            w.WriteStartObject();
            w.WriteStartArray("instruments");
            foreach (var spec in merged.Values)
            {
                w.WriteStartObject();
                w.WriteString("symbol", spec.Symbol);
                w.WriteNumber("tickSize", spec.TickSize);
                w.WriteNumber("qtyStep", spec.QtyStep);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        File.Move(temp, path, overwrite: true);
    }
}
