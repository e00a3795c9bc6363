using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.CryptoCompare;

/// <summary>
/// CryptoCompare's public history API (<c>GET /data/v2/histominute</c> and <c>/data/v2/histohour</c>), the MacroEngine's
/// fallback when Kraken fails: <c>{"Response":"Success","Data":{"TimeFrom","TimeTo","Data":[{"time","open","high","low",
/// "close","volumefrom","volumeto",…}]}}</c>, numbers as JSON numbers, <c>time</c> = period open (Unix s), ascending;
/// errors come as <c>{"Response":"Error","Message":…}</c>, usually with HTTP 200.
/// </summary>
/// <remarks>
/// <para>Candles longer than the base period are built here, not by CryptoCompare's <c>aggregate</c> parameter: the
/// base candles (1 minute for intervals under an hour, 1 hour otherwise; <see cref="MaxLimit"/> + 1 of them) are
/// resampled with <see cref="CandleResampler"/> into buckets aligned to the Unix epoch, as Kraken's and ours are
/// (5 minutes on multiples of 5 minutes, 4 hours on 00:00, 04:00, … UTC). CryptoCompare's own alignment of aggregated
/// periods (<c>aggregatePredictableTimePeriods</c>) is documented only second-hand, and with <c>aggregate</c> its
/// <c>limit</c> counts base periods, so the oldest aggregated bucket may be partial; resampling avoids both.</para>
/// <para>The last base row is the period still forming and is dropped (as Kraken's last row); a bucket is returned only
/// once its last base period has closed, and the oldest bucket only when the data covers it from its start. Rows that
/// are all zero (CryptoCompare's placeholder before a coin has data) are skipped. Volume is <c>volumefrom</c> (base
/// currency); the trade count is unknown (-1).</para>
/// <para>An API key, when given, goes in the <c>authorization: Apikey …</c> header, never in the URL (so it cannot end
/// up in a logged URL or exception message).</para>
/// </remarks>
public sealed class CryptoCompareOhlcClient
{
    /// <summary>The default API base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://min-api.cryptocompare.com");

    /// <summary>The largest <c>limit</c> CryptoCompare accepts (it returns <c>limit</c> + 1 rows).</summary>
    public const int MaxLimit = 2000;

    private const int MinutesPerHour = 60;
    private const int MaxBodyInError = 200;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string? _apiKey;

    /// <summary>Creates the client on <paramref name="http"/> against <paramref name="baseUrl"/> (default <see cref="DefaultBaseUrl"/>).</summary>
    /// <param name="http">The HTTP client (its timeout applies).</param>
    /// <param name="baseUrl">API base URL.</param>
    /// <param name="apiKey">Optional API key (sent as a header; never logged).</param>
    public CryptoCompareOhlcClient(HttpClient http, Uri? baseUrl = null, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _baseUrl = baseUrl ?? DefaultBaseUrl;
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }

    /// <summary>The base period fetched for <paramref name="interval"/>: 1 hour when it is whole hours, else 1 minute.</summary>
    public static Interval BasePeriodFor(Interval interval) => interval.Minutes % MinutesPerHour == 0 ? new Interval(MinutesPerHour) : Interval.OneMinute;

    /// <summary>
    /// The closed <paramref name="interval"/> candles of <paramref name="market"/>, ascending, epoch-aligned, built from the
    /// latest <see cref="MaxLimit"/> closed base periods (2000 minutes → 400 five-minute candles; 2000 hours → 500
    /// four-hour candles).
    /// </summary>
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status (CryptoCompare's message included when it sent one).</exception>
    /// <exception cref="CryptoCompareApiException">CryptoCompare answered its error shape.</exception>
    /// <exception cref="FormatException">The body is not CryptoCompare's history shape (says what).</exception>
    public async Task<IReadOnlyList<Candle>> GetClosedCandlesAsync(CryptoCompareMarket market, Interval interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(market);
        var basePeriod = BasePeriodFor(interval);
        var endpoint = basePeriod.Minutes == MinutesPerHour ? "histohour" : "histominute";
        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture,
            $"/data/v2/{endpoint}?fsym={Uri.EscapeDataString(market.From)}&tsym={Uri.EscapeDataString(market.To)}&limit={MaxLimit}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Apikey", _apiKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"CryptoCompare {endpoint} for {market} answered HTTP {(int)response.StatusCode}: {Describe(body)}", null, response.StatusCode);
        }

        return CompleteBuckets(ParseClosed(body, market, basePeriod), basePeriod, interval);
    }

    /// <summary>
    /// Parses a history body into its closed base candles, ascending: the last (forming) row dropped, all-zero rows
    /// skipped.
    /// </summary>
    /// <exception cref="CryptoCompareApiException"><c>"Response":"Error"</c>.</exception>
    /// <exception cref="FormatException">A body that is not the history shape, a row that is malformed, out of order or not aligned to <paramref name="basePeriod"/>.</exception>
    public static IReadOnlyList<Candle> ParseClosed(ReadOnlySpan<byte> body, CryptoCompareMarket market, Interval basePeriod)
    {
        ArgumentNullException.ThrowIfNull(market);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"CryptoCompare history for {market}: the body is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"CryptoCompare history for {market}: the body must be an object, got {root.ValueKind}");
            }

            if (!root.TryGetProperty("Response", out var status) || status.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"CryptoCompare history for {market}: 'Response' is missing");
            }

            if (status.ValueEquals("Error"))
            {
                var message = root.TryGetProperty("Message", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } text
                    ? text
                    : "(no message)";
                var param = root.TryGetProperty("ParamWithError", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                throw new CryptoCompareApiException(market, message, param);
            }

            if (!status.ValueEquals("Success"))
            {
                throw new FormatException($"CryptoCompare history for {market}: 'Response' is '{status.GetString()}' (expected Success or Error)");
            }

            if (!root.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("Data", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"CryptoCompare history for {market}: 'Data.Data' array is missing");
            }

            var closed = Math.Max(0, rows.GetArrayLength() - 1);
            var candles = new List<Candle>(closed);
            var index = 0;
            var previousMs = long.MinValue;
            foreach (var row in rows.EnumerateArray())
            {
                if (index++ == closed)
                {
                    break; // the last row is the period still forming
                }

                var candle = ParseRow(row, market);
                if (basePeriod.Floor(candle.OpenTimeMs) != candle.OpenTimeMs)
                {
                    throw new FormatException($"CryptoCompare history for {market}: row time {candle.OpenTimeMs / 1000} ({WireNames.Time(candle.OpenTimeMs)}) is not on a {basePeriod} boundary");
                }

                if (candle.OpenTimeMs <= previousMs)
                {
                    throw new FormatException($"CryptoCompare history for {market}: row time {WireNames.Time(candle.OpenTimeMs)} is not after the previous row's {WireNames.Time(previousMs)}");
                }

                previousMs = candle.OpenTimeMs;
                if (candle is not { Open: 0, High: 0, Low: 0, Close: 0, Volume: 0 })
                {
                    candles.Add(candle);
                }
            }

            return candles;
        }
    }

    /// <summary>
    /// Resamples closed <paramref name="basePeriod"/> candles into the <paramref name="interval"/> buckets that are
    /// complete: each bucket whose last base period is in the data (or that a later bucket's candle follows), except the
    /// oldest one when the data starts after its open. The bucket still forming is not returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="interval"/> is not a whole multiple of <paramref name="basePeriod"/>.</exception>
    public static IReadOnlyList<Candle> CompleteBuckets(IReadOnlyList<Candle> closedBase, Interval basePeriod, Interval interval)
    {
        ArgumentNullException.ThrowIfNull(closedBase);
        var resampler = new CandleResampler(basePeriod, interval);
        var buckets = new List<Candle>((closedBase.Count / Math.Max(1, interval.Minutes / basePeriod.Minutes)) + 1);
        foreach (var candle in closedBase)
        {
            foreach (var done in resampler.Update(candle))
            {
                buckets.Add(done);
            }
        }

        if (buckets.Count > 0 && closedBase[0].OpenTimeMs != buckets[0].OpenTimeMs)
        {
            buckets.RemoveAt(0); // the data starts inside the oldest bucket: it would be partial
        }

        return buckets;
    }

    private static Candle ParseRow(JsonElement row, CryptoCompareMarket market)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"CryptoCompare history for {market}: row {row.GetRawText()} must be an object");
        }

        if (!row.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.Number || !time.TryGetInt64(out var seconds))
        {
            throw new FormatException($"CryptoCompare history for {market}: row {row.GetRawText()} has no integer 'time'");
        }

        return new Candle(
            seconds * 1000,
            Number(row, "open", market),
            Number(row, "high", market),
            Number(row, "low", market),
            Number(row, "close", market),
            Number(row, "volumefrom", market));
    }

    private static double Number(JsonElement row, string name, CryptoCompareMarket market)
    {
        if (row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0)
        {
            return d;
        }

        throw new FormatException($"CryptoCompare history for {market}: row {row.GetRawText()}: '{name}' must be a non-negative number");
    }

    private static string Describe(byte[] body)
    {
        var start = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxBodyInError));
        var fallback = start.Length == 0 ? "(empty body)" : start;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Message", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } message
                ? message
                : fallback;
        }
        catch (JsonException)
        {
            return fallback; // not JSON (e.g. a proxy's HTML page): its start says more than nothing
        }
    }
}
