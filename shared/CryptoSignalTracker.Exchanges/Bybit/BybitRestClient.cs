using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// Bybit v5 REST market data for gap backfill: <c>GET /v5/market/recent-trade</c> (the latest trades, category
/// linear) and <c>GET /v5/market/kline</c> (category linear, 1-minute).
/// The envelope is <c>{"retCode":0,"retMsg":"OK","result":{...}}</c>; any other retCode is an error naming retMsg.
/// </summary>
public sealed class BybitRestClient
{
    /// <summary>Bybit's largest kline page.</summary>
    public const int MaxKlineLimit = 1000;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    /// <summary>Creates the client on <paramref name="http"/> against <paramref name="baseUrl"/> (e.g. https://api.bybit.com).</summary>
    public BybitRestClient(HttpClient http, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = http;
        _baseUrl = baseUrl;
    }

    /// <summary>The 1-minute klines of <paramref name="symbol"/> with open time in [<paramref name="startMs"/>, <paramref name="endMs"/>], ascending.</summary>
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status; <see cref="BybitApiException"/> for
    /// an error retCode, <see cref="BybitRateLimitException"/> for HTTP 429 or retCode 10006/10429.</exception>
    /// <exception cref="InvalidDataException">Bybit answered a body of the wrong shape (says what).</exception>
    public async Task<IReadOnlyList<Candle>> GetMinuteKlinesAsync(string symbol, long startMs, long endMs, CancellationToken cancellationToken)
    {
        symbol = Symbols.Normalize(symbol);
        var limit = (int)Math.Clamp(((endMs - startMs) / 60_000) + 1, 1, MaxKlineLimit);
        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture,
            $"/v5/market/kline?category=linear&symbol={symbol}&interval=1&start={startMs}&end={endMs}&limit={limit}"));
        var body = await GetBodyAsync(uri, symbol, "kline", cancellationToken).ConfigureAwait(false);
        return ParseKlines(body, symbol, startMs, endMs);
    }

    /// <summary>
    /// The tick size and quantity step of the linear contract <paramref name="symbol"/> from
    /// <c>GET /v5/market/instruments-info</c> (<c>priceFilter.tickSize</c>, <c>lotSizeFilter.qtyStep</c>).
    /// </summary>
    /// <exception cref="BybitApiException">Bybit answered an error retCode.</exception>
    /// <exception cref="BybitRateLimitException">HTTP 429 or retCode 10006/10429: wait and retry.</exception>
    /// <exception cref="InvalidDataException">Bybit does not list the symbol, or the body is malformed.</exception>
    public async Task<InstrumentSpec> GetInstrumentAsync(string symbol, CancellationToken cancellationToken)
    {
        symbol = Symbols.Normalize(symbol);
        var uri = new Uri(_baseUrl, $"/v5/market/instruments-info?category=linear&symbol={symbol}");
        var body = await GetBodyAsync(uri, symbol, "instruments-info", cancellationToken).ConfigureAwait(false);
        return ParseInstrument(body, symbol);
    }

    /// <summary>Parses an instruments-info response into the symbol's tick size and quantity step.</summary>
    /// <exception cref="InvalidDataException">An error retCode, the symbol is not in the list, or a malformed body (says what).</exception>
    public static InstrumentSpec ParseInstrument(ReadOnlySpan<byte> body, string symbol)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var list = ResultList(document.RootElement, symbol, "instruments-info");
            foreach (var item in list.EnumerateArray())
            {
                if (item.GetProperty("symbol").GetString() == symbol)
                {
                    return new InstrumentSpec(
                        symbol,
                        Number(item.GetProperty("priceFilter").GetProperty("tickSize")),
                        Number(item.GetProperty("lotSizeFilter").GetProperty("qtyStep"))).Validate();
                }
            }

            throw new InvalidDataException($"Bybit instruments-info does not list a linear contract {symbol}");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"Bybit instruments-info response for {symbol} is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// GETs <paramref name="uri"/>. HTTP 429 and retCode 10006/10429 become <see cref="BybitRateLimitException"/>, another
    /// non-zero retCode <see cref="BybitApiException"/>, other failures <see cref="HttpRequestException"/>.
    /// </summary>
    private async Task<byte[]> GetBodyAsync(Uri uri, string symbol, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        long? resetAt = response.Headers.TryGetValues(RateLimitResetHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset) ? reset : null;
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            throw new BybitRateLimitException($"Bybit answered HTTP 429 Too Many Requests for {uri.AbsolutePath}", resetAt)
            {
                RetryAfter = response.Headers.RetryAfter?.Delta,
            };
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (RetCodeOf(body) is { } code and not 0)
        {
            var failure = new BybitApiException(code, $"Bybit {what} request for {symbol} failed: retCode {code} {RetMsgOf(body)}");
            throw failure.IsRateLimit ? new BybitRateLimitException(failure.Message, resetAt, failure) : failure;
        }

        return body;
    }

    private static int? RetCodeOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("retCode", out var code) && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null; // the parser names a malformed body
        }
    }

    private static string RetMsgOf(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("retMsg", out var m) ? m.ToString() : string.Empty;
    }

    /// <summary>Bybit's header with the Unix ms time a rate-limit window resets.</summary>
    public const string RateLimitResetHeader = "X-Bapi-Limit-Reset-Timestamp";

    /// <summary>Parses a kline response; keeps candles in [<paramref name="startMs"/>, <paramref name="endMs"/>], ascending, one per open time.</summary>
    /// <exception cref="InvalidDataException">An error retCode or a malformed body (says what).</exception>
    public static IReadOnlyList<Candle> ParseKlines(ReadOnlySpan<byte> body, string symbol, long startMs, long endMs)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var list = ResultList(document.RootElement, symbol, "kline");
            var candles = new SortedDictionary<long, Candle>();
            foreach (var row in list.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 6)
                {
                    throw new InvalidDataException($"Bybit kline row {row} for {symbol} must be [startTime, open, high, low, close, volume, turnover]");
                }

                var open = long.Parse(row[0].GetString()!, CultureInfo.InvariantCulture);
                if (open < startMs || open > endMs)
                {
                    continue;
                }

                var candle = new Candle(open, Number(row[1]), Number(row[2]), Number(row[3]), Number(row[4]), Number(row[5]));
                if (Core.Validation.InputRules.Candle(candle, $"Bybit kline of {symbol}") is not null)
                {
                    // A kline breaking the candle rules (e.g. open above high) is left out: its minute stays a gap.
                    Core.Validation.Rejections.Record(Core.Validation.Rejections.BybitRest);
                    continue;
                }

                candles[open] = candle;
            }

            return [.. candles.Values];
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"Bybit kline response for {symbol} is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Bybit's largest recent-trade page for linear contracts.</summary>
    public const int MaxRecentTradeLimit = 1000;

    /// <summary>The most recent public trades of <paramref name="symbol"/> (at most <paramref name="limit"/>, 1..1000), ascending by time.</summary>
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status; <see cref="BybitApiException"/> for
    /// an error retCode, <see cref="BybitRateLimitException"/> for HTTP 429 or retCode 10006/10429.</exception>
    /// <exception cref="InvalidDataException">Bybit answered a body of the wrong shape (says what).</exception>
    public async Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit, CancellationToken cancellationToken)
    {
        symbol = Symbols.Normalize(symbol);
        limit = Math.Clamp(limit, 1, MaxRecentTradeLimit);
        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"/v5/market/recent-trade?category=linear&symbol={symbol}&limit={limit}"));
        var body = await GetBodyAsync(uri, symbol, "recent-trade", cancellationToken).ConfigureAwait(false);
        return ParseRecentTrades(body, symbol);
    }

    /// <summary>Parses a recent-trade response (items <c>execId, symbol, price, size, side, time</c>, strings) into trades, ascending by time.</summary>
    /// <exception cref="InvalidDataException">An error retCode or a malformed body (says what).</exception>
    public static IReadOnlyList<Trade> ParseRecentTrades(ReadOnlySpan<byte> body, string symbol)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var list = ResultList(document.RootElement, symbol, "recent-trade");
            var trades = new List<Trade>();
            foreach (var item in list.EnumerateArray())
            {
                var itemSymbol = item.GetProperty("symbol").GetString();
                if (itemSymbol != symbol)
                {
                    throw new InvalidDataException($"Bybit recent-trade response for {symbol} holds a trade of {itemSymbol}");
                }

                var side = item.GetProperty("side").GetString() switch
                {
                    "Buy" => TakerSide.Buy,
                    "Sell" => TakerSide.Sell,
                    var other => throw new InvalidDataException($"Bybit recent-trade side '{other}' is not Buy or Sell"),
                };
                var price = Number(item.GetProperty("price"));
                var size = Number(item.GetProperty("size"));
                var trade = new Trade(long.Parse(item.GetProperty("time").GetString()!, CultureInfo.InvariantCulture), symbol, side, price, size,
                    TradeId.Parse(item.GetProperty("execId").GetString()));
                if (Core.Validation.InputRules.Trade(trade, $"Bybit recent trade of {symbol}") is not null)
                {
                    Core.Validation.Rejections.Record(Core.Validation.Rejections.BybitRest);
                    continue; // the one bad trade, not the page
                }

                trades.Add(trade);
            }

            return [.. trades.OrderBy(t => t.TimeMs)];
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Bybit recent-trade response for {symbol} is malformed: {ex.Message}", ex);
        }
    }

    private static JsonElement ResultList(JsonElement root, string symbol, string what)
    {
        if (!root.TryGetProperty("retCode", out var code) || code.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"Bybit {what} response for {symbol} has no retCode");
        }

        if (code.GetInt32() != 0)
        {
            var message = root.TryGetProperty("retMsg", out var m) ? m.ToString() : string.Empty;
            throw new InvalidDataException($"Bybit {what} request for {symbol} failed: retCode {code.GetInt32()} {message}");
        }

        return root.TryGetProperty("result", out var result) && result.TryGetProperty("list", out var list) && list.ValueKind == JsonValueKind.Array
            ? list
            : throw new InvalidDataException($"Bybit {what} response for {symbol} has no result.list array");
    }

    private static double Number(JsonElement element) => double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
