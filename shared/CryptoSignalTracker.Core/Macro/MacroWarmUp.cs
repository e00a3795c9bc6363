using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Macro;

/// <summary>
/// One symbol's warm-up of the macro rules' 4-hour EMA on a new deployment: closed 4-hour candles from an outside source
/// (Kraken, else CryptoCompare) that closed before the first 4-hour bucket the pipeline's own candles reach, fed to the
/// rules before any Bybit candle. Journalled as it was used (also when nothing could be fetched) so a rebuild replays
/// the same warm-up, and readable by <c>cst backtest --macro-warm-up</c> to reproduce the live decisions.
/// </summary>
/// <param name="Symbol">The Bybit symbol.</param>
/// <param name="Source"><c>kraken</c>, <c>cryptocompare</c>, or <c>none</c> when both failed.</param>
/// <param name="FirstMinuteMs">The first minute the engine decided on its own candles (Unix ms).</param>
/// <param name="FourHour">The closed 4-hour candles used, ascending (empty when none).</param>
/// <param name="Error">Why nothing (or less than needed) was used, when so.</param>
public sealed record MacroWarmUp(string Symbol, string Source, long FirstMinuteMs, IReadOnlyList<Candle> FourHour, string? Error = null)
{
    /// <summary>Source name when both outside sources failed.</summary>
    public const string NoSource = "none";

    private const long FourHoursMs = 240 * 60_000L;

    /// <summary>
    /// The warm-up of <paramref name="symbol"/> from <paramref name="candles"/> (an outside source's closed 4-hour candles):
    /// the last <paramref name="count"/> of them that closed at or before the start of the 4-hour bucket holding
    /// <paramref name="firstMinuteMs"/> (that bucket and the later ones are built from the pipeline's candles).
    /// </summary>
    public static MacroWarmUp Select(string symbol, string source, long firstMinuteMs, IEnumerable<Candle> candles, int count)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var bucketMs = firstMinuteMs - (((firstMinuteMs % FourHoursMs) + FourHoursMs) % FourHoursMs);
        var before = candles.Where(c => c.OpenTimeMs + FourHoursMs <= bucketMs).OrderBy(c => c.OpenTimeMs).ToList();
        var used = before.Skip(Math.Max(0, before.Count - count)).ToList();
        var error = used.Count >= count ? null : string.Create(
            CultureInfo.InvariantCulture,
            $"{source} had {used.Count} closed 4-hour candles before {WireNames.Time(bucketMs)}, the EMA needs {count}");
        return new MacroWarmUp(symbol, source, firstMinuteMs, used, error);
    }

    /// <summary>The JSON journalled (camelCase; 4-hour candles as <c>[openTimeMs, open, high, low, close, volume]</c>).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", Symbol);
            writer.WriteString("source", Source);
            writer.WriteNumber("firstMinuteMs", FirstMinuteMs);
            if (Error is not null)
            {
                writer.WriteString("error", Error);
            }

            writer.WriteStartArray("fourHour");
            foreach (var c in FourHour)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(c.OpenTimeMs);
                writer.WriteNumberValue(c.Open);
                writer.WriteNumberValue(c.High);
                writer.WriteNumberValue(c.Low);
                writer.WriteNumberValue(c.Close);
                writer.WriteNumberValue(c.Volume);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <see cref="ToJson"/>'s JSON; <paramref name="where"/> names it in the error.</summary>
    /// <exception cref="FormatException">The JSON is not a warm-up (the message names what is wrong and where).</exception>
    public static MacroWarmUp FromJson(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var candles = new List<Candle>();
            foreach (var row in Required(root, "fourHour").EnumerateArray())
            {
                if (row.GetArrayLength() != 6)
                {
                    throw new FormatException($"a 4-hour candle has {row.GetArrayLength()} fields, not 6");
                }

                candles.Add(new Candle(row[0].GetInt64(), row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble(), row[4].GetDouble(), row[5].GetDouble()));
            }

            for (var i = 1; i < candles.Count; i++)
            {
                if (candles[i].OpenTimeMs <= candles[i - 1].OpenTimeMs)
                {
                    throw new FormatException($"4-hour candles out of order at {WireNames.Time(candles[i].OpenTimeMs)}");
                }
            }

            return new MacroWarmUp(
                Required(root, "symbol").GetString() ?? throw new FormatException("symbol is null"),
                Required(root, "source").GetString() ?? throw new FormatException("source is null"),
                Required(root, "firstMinuteMs").GetInt64(),
                candles,
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{where} is not a macro warm-up: {e.Message}", e);
        }
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"field '{name}' is missing");
}
