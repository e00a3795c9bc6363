using System.Globalization;
using System.Text.Json;
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
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status.</exception>
    /// <exception cref="InvalidDataException">Bybit answered an error retCode or a body of the wrong shape (says what).</exception>
    public async Task<IReadOnlyList<Candle>> GetMinuteKlinesAsync(string symbol, long startMs, long endMs, CancellationToken cancellationToken)
    {
        symbol = Symbols.Normalize(symbol);
        var limit = (int)Math.Clamp(((endMs - startMs) / 60_000) + 1, 1, MaxKlineLimit);
        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture,
            $"/v5/market/kline?category=linear&symbol={symbol}&interval=1&start={startMs}&end={endMs}&limit={limit}"));
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseKlines(body, symbol, startMs, endMs);
    }

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
    /// <exception cref="HttpRequestException">The request failed or answered a non-success status.</exception>
    /// <exception cref="InvalidDataException">Bybit answered an error retCode or a body of the wrong shape (says what).</exception>
    public async Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit, CancellationToken cancellationToken)
    {
        symbol = Symbols.Normalize(symbol);
        limit = Math.Clamp(limit, 1, MaxRecentTradeLimit);
        var uri = new Uri(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"/v5/market/recent-trade?category=linear&symbol={symbol}&limit={limit}"));
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
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
