using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Kraken;

/// <summary>
/// Kraken public <c>GET /0/public/OHLC</c>: <c>{"error":[],"result":{"&lt;PAIR&gt;":[[time,open,high,low,close,vwap,volume,count],…],"last":…}}</c>.
/// The last row is the candle still forming and is dropped; the result key may differ from the requested pair
/// (the single property that is not <c>last</c> is taken). At most 720 rows come back.
/// </summary>
public sealed class KrakenOhlcClient
{
    /// <summary>The default API base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.kraken.com");

    private const int RowLength = 8;
    private const int CountIndex = 7;
    private const int VolumeIndex = 6;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    /// <summary>Creates the client on <paramref name="http"/> against <paramref name="baseUrl"/> (default <see cref="DefaultBaseUrl"/>).</summary>
    public KrakenOhlcClient(HttpClient http, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _baseUrl = baseUrl ?? DefaultBaseUrl;
    }

    /// <summary>The closed candles of <paramref name="pair"/> at <paramref name="intervalMinutes"/>, ascending (the forming one dropped).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not one Kraken serves.</exception>
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status.</exception>
    /// <exception cref="KrakenApiException">Kraken answered a non-empty error array.</exception>
    /// <exception cref="FormatException">The body is not Kraken's OHLC shape (says what).</exception>
    public async Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(string pair, int intervalMinutes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pair);
        if (intervalMinutes is not (1 or 5 or 15 or 30 or 60 or 240 or 1440 or 10080 or 21600))
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMinutes), intervalMinutes, "Kraken OHLC intervals are 1, 5, 15, 30, 60, 240, 1440, 10080, 21600 minutes");
        }

        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"/0/public/OHLC?pair={Uri.EscapeDataString(pair)}&interval={intervalMinutes}"));
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseClosed(body, pair);
    }

    /// <summary>Parses an OHLC response body into its closed candles, ascending (the last, forming row dropped).</summary>
    /// <exception cref="KrakenApiException">A non-empty error array.</exception>
    /// <exception cref="FormatException">A body that is not Kraken's OHLC shape (says what).</exception>
    public static IReadOnlyList<Candle> ParseClosed(ReadOnlySpan<byte> body, string pair)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Kraken OHLC for pair {pair}: the body is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Kraken OHLC for pair {pair}: the body must be an object, got {root.ValueKind}");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Array && error.GetArrayLength() > 0)
            {
                throw new KrakenApiException(pair, [.. error.EnumerateArray().Select(e => e.ToString())]);
            }

            if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Kraken OHLC for pair {pair}: 'result' object is missing");
            }

            var rows = result.EnumerateObject().Where(p => p.Name != "last").ToList();
            if (rows.Count != 1 || rows[0].Value.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Kraken OHLC for pair {pair}: 'result' must hold exactly one pair array besides 'last', found {rows.Count}");
            }

            var array = rows[0].Value;
            var closed = Math.Max(0, array.GetArrayLength() - 1);
            var candles = new List<Candle>(closed);
            var index = 0;
            foreach (var row in array.EnumerateArray())
            {
                if (index++ == closed)
                {
                    break; // the last row is the candle still forming
                }

                candles.Add(ParseRow(row, pair));
            }

            return candles;
        }
    }

    private static Candle ParseRow(JsonElement row, string pair)
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != RowLength
            || row[0].ValueKind != JsonValueKind.Number || !row[0].TryGetInt64(out var seconds)
            || row[CountIndex].ValueKind != JsonValueKind.Number || !row[CountIndex].TryGetInt32(out var count))
        {
            throw new FormatException($"Kraken OHLC row {row} for pair {pair} must be [time, open, high, low, close, vwap, volume, count]");
        }

        return new Candle(
            seconds * 1000,
            Number(row[1], "open", row, pair),
            Number(row[2], "high", row, pair),
            Number(row[3], "low", row, pair),
            Number(row[4], "close", row, pair),
            Number(row[VolumeIndex], "volume", row, pair),
            count);
    }

    private static double Number(JsonElement value, string name, JsonElement row, string pair)
    {
        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            return parsed;
        }

        throw new FormatException($"Kraken OHLC row {row} for pair {pair}: {name} {value.GetRawText()} is not a decimal string");
    }
}
