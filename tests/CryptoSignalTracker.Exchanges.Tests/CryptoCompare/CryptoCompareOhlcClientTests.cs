using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.CryptoCompare;

namespace CryptoSignalTracker.Exchanges.Tests.CryptoCompare;

public sealed class CryptoCompareOhlcClientTests
{
    private const long MinuteMs = 60_000;
    private const long HourMs = 3_600_000;
    private static readonly long Noon = new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long Midnight = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly CryptoCompareMarket Btc = new("BTC", "USDT");

    /// <summary>Base candles from <paramref name="startMs"/>, one every <paramref name="stepMs"/>, with distinct prices and volumes.</summary>
    private static List<Candle> Series(long startMs, long stepMs, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Candle(startMs + (i * stepMs), 100 + i, 100.5 + i + (i % 3), 99 + i - (i % 2), 100.25 + i, 1.5 + (0.25 * i)))];

    [Fact]
    public async Task GetClosedCandlesAsync_FiveMinutes_ResamplesClosedMinutesIntoEpochAlignedCompleteBuckets()
    {
        await using var server = new FakeCryptoCompareServer();
        var minutes = Series(Noon + (2 * MinuteMs), MinuteMs, 15); // 12:02 … 12:16, the 12:16 row is forming
        server.SetCandles("histominute", "BTC", "USDT", minutes);
        using var http = new HttpClient();

        var candles = await new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(Btc, new Interval(5), CancellationToken.None);

        // 12:00 starts before the data (partial) and 12:15 has only its first minute closed: neither is returned
        Assert.Equal([Noon + (5 * MinuteMs), Noon + (10 * MinuteMs)], candles.Select(c => c.OpenTimeMs));
        var bucket = minutes.GetRange(3, 5); // 12:05 … 12:09
        Assert.Equal(new Candle(Noon + (5 * MinuteMs), bucket[0].Open, bucket.Max(c => c.High), bucket.Min(c => c.Low), bucket[^1].Close, bucket.Sum(c => c.Volume)), candles[0]);
        Assert.Equal(minutes[12].Close, candles[1].Close);
        Assert.Equal("/data/v2/histominute?fsym=BTC&tsym=USDT&limit=2000", server.Requests.Single().PathAndQuery);
        Assert.Null(server.Requests.Single().Authorization);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_FourHours_ResamplesClosedHoursOnFourHourUtcBoundaries()
    {
        await using var server = new FakeCryptoCompareServer();
        var hours = Series(Midnight + HourMs, HourMs, 13); // 01:00 … 13:00, the 13:00 row is forming
        server.SetCandles("histohour", "SOL", "USDT", hours);
        using var http = new HttpClient();

        var candles = await new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(new CryptoCompareMarket("SOL", "USDT"), new Interval(240), CancellationToken.None);

        Assert.Equal([Midnight + (4 * HourMs), Midnight + (8 * HourMs)], candles.Select(c => c.OpenTimeMs));
        Assert.Equal((hours[3].Open, hours[10].Close, hours.GetRange(7, 4).Sum(c => c.Volume)), (candles[0].Open, candles[1].Close, candles[1].Volume));
        Assert.Equal("/data/v2/histohour?fsym=SOL&tsym=USDT&limit=2000", server.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_BucketWhoseLastMinuteJustClosed_IsReturned()
    {
        await using var server = new FakeCryptoCompareServer();
        server.SetCandles("histominute", "BTC", "USDT", Series(Noon, MinuteMs, 11)); // 12:00 … 12:10 (forming)
        using var http = new HttpClient();

        var candles = await new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(Btc, new Interval(5), CancellationToken.None);

        Assert.Equal([Noon, Noon + (5 * MinuteMs)], candles.Select(c => c.OpenTimeMs));
    }

    [Fact]
    public async Task GetClosedCandlesAsync_ApiKey_GoesInTheAuthorizationHeaderNotTheUrl()
    {
        await using var server = new FakeCryptoCompareServer();
        server.SetCandles("histominute", "BTC", "USDT", Series(Noon, MinuteMs, 6));
        using var http = new HttpClient();

        await new CryptoCompareOhlcClient(http, server.BaseUrl, "secret-key-123").GetClosedCandlesAsync(Btc, new Interval(5), CancellationToken.None);

        var request = server.Requests.Single();
        Assert.Equal("Apikey secret-key-123", request.Authorization);
        Assert.DoesNotContain("secret", request.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_ErrorShape_ThrowsNamingMarketMessageAndParameter()
    {
        await using var server = new FakeCryptoCompareServer();
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<CryptoCompareApiException>(() =>
            new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(new CryptoCompareMarket("NOPE", "USDT"), new Interval(5), CancellationToken.None));

        Assert.Equal("There is no data for the symbol NOPE .", e.ApiMessage);
        Assert.Equal("fsym", e.ParamWithError);
        Assert.Contains("NOPE/USDT", e.Message, StringComparison.Ordinal);
        Assert.Contains("There is no data for the symbol NOPE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_RateLimitedWithStatus429_ThrowsHttpRequestExceptionWithTheMessage()
    {
        await using var server = new FakeCryptoCompareServer();
        server.SetBody("histominute", "BTC", "USDT", FakeCryptoCompareServer.ErrorBody("You are over your rate limit please upgrade your account!"), 429);
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(Btc, new Interval(5), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Contains("HTTP 429", e.Message, StringComparison.Ordinal);
        Assert.Contains("over your rate limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_Status502WithHtml_ThrowsHttpRequestExceptionWithTheBodyStart()
    {
        await using var server = new FakeCryptoCompareServer();
        server.SetBody("histohour", "BTC", "USDT", "<html>Bad Gateway</html>", 502);
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(Btc, new Interval(240), CancellationToken.None));

        Assert.Contains("HTTP 502: <html>Bad Gateway</html>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_SlowServer_TimesOutWithTaskCanceled()
    {
        await using var server = new FakeCryptoCompareServer { Delay = TimeSpan.FromSeconds(2) };
        server.SetCandles("histominute", "BTC", "USDT", Series(Noon, MinuteMs, 6));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        await Assert.ThrowsAsync<TaskCanceledException>(() =>
            new CryptoCompareOhlcClient(http, server.BaseUrl).GetClosedCandlesAsync(Btc, new Interval(5), CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"Response\":\"Success\",\"Data\":", "not JSON")]
    [InlineData("[1,2]", "must be an object")]
    [InlineData("{\"Data\":{\"Data\":[]}}", "'Response' is missing")]
    [InlineData("{\"Response\":\"Maybe\",\"Data\":{\"Data\":[]}}", "'Response' is 'Maybe'")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{}}", "'Data.Data' array is missing")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1748865600,\"open\":1,\"high\":1,\"low\":1,\"volumefrom\":1},{\"time\":1748865660}]}}", "'close' must be a non-negative number")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1748865600,\"open\":\"1\",\"high\":1,\"low\":1,\"close\":1,\"volumefrom\":1},{\"time\":1748865660}]}}", "'open' must be a non-negative number")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":\"1748865600\"},{\"time\":1748865660}]}}", "no integer 'time'")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[[1748865600,1,1,1,1,1],{\"time\":1748865660}]}}", "must be an object")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1748865630,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volumefrom\":1},{\"time\":1748865690}]}}", "not on a 1m boundary")]
    [InlineData("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1748865660,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volumefrom\":1},{\"time\":1748865600,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volumefrom\":1},{\"time\":1748865720}]}}", "is not after the previous row")]
    public void ParseClosed_MalformedBody_ThrowsFormatExceptionSayingWhat(string body, string reason)
    {
        var e = Assert.Throws<FormatException>(() => CryptoCompareOhlcClient.ParseClosed(Encoding.UTF8.GetBytes(body), Btc, Interval.OneMinute));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("BTC/USDT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseClosed_ErrorWithoutMessage_StillThrowsTheApiException()
    {
        var e = Assert.Throws<CryptoCompareApiException>(() => CryptoCompareOhlcClient.ParseClosed("{\"Response\":\"Error\"}"u8, Btc, Interval.OneMinute));

        Assert.Equal("(no message)", e.ApiMessage);
        Assert.Null(e.ParamWithError);
    }

    [Fact]
    public void ParseClosed_LeadingAllZeroRows_AreSkippedAndTheFormingRowDropped()
    {
        var rows = new List<Candle> { new(Noon, 0, 0, 0, 0, 0), new(Noon + MinuteMs, 0, 0, 0, 0, 0) };
        rows.AddRange(Series(Noon + (2 * MinuteMs), MinuteMs, 3));

        var candles = CryptoCompareOhlcClient.ParseClosed(Encoding.UTF8.GetBytes(FakeCryptoCompareServer.Body(rows)), Btc, Interval.OneMinute);

        Assert.Equal([Noon + (2 * MinuteMs), Noon + (3 * MinuteMs)], candles.Select(c => c.OpenTimeMs));
        Assert.Equal(-1, candles[0].Trades);
    }

    [Fact]
    public void ParseClosed_OnlyTheFormingRow_ReturnsNothing()
    {
        var candles = CryptoCompareOhlcClient.ParseClosed(Encoding.UTF8.GetBytes(FakeCryptoCompareServer.Body(Series(Noon, MinuteMs, 1))), Btc, Interval.OneMinute);

        Assert.Empty(candles);
    }

    [Fact]
    public void CompleteBuckets_HoleInsideTheData_ClosesTheBucketWhenTheNextOneStarts()
    {
        var minutes = Series(Noon, MinuteMs, 12);
        minutes.RemoveAt(4); // 12:04 missing: 12:00 completes when 12:05 arrives

        var buckets = CryptoCompareOhlcClient.CompleteBuckets(minutes, Interval.OneMinute, new Interval(5));

        Assert.Equal([Noon, Noon + (5 * MinuteMs)], buckets.Select(c => c.OpenTimeMs));
        Assert.Equal(minutes[3].Close, buckets[0].Close);
    }

    [Fact]
    public void BasePeriodFor_FiveMinutesAndFourHours_AreMinutesAndHours()
    {
        Assert.Equal(Interval.OneMinute, CryptoCompareOhlcClient.BasePeriodFor(new Interval(5)));
        Assert.Equal(new Interval(60), CryptoCompareOhlcClient.BasePeriodFor(new Interval(240)));
    }

    [Theory]
    [InlineData("BTCUSDT", "BTC")]
    [InlineData("SOLUSDT", "SOL")]
    [InlineData("ETHUSDT", "ETH")]
    [InlineData("XRPUSDT", "XRP")]
    [InlineData("DOGEUSDT", "DOGE")]
    [InlineData("SEIUSDT", "SEI")]
    [InlineData("LINKUSDT", "LINK")]
    [InlineData("SUIUSDT", "SUI")]
    [InlineData("ADAUSDT", "ADA")]
    public void For_DefaultSymbol_GivesCoinInUsdt(string symbol, string coin) =>
        Assert.Equal(new CryptoCompareMarket(coin, "USDT"), CryptoComparePairs.For(symbol));

    [Theory]
    [InlineData("BTCUSDC", "only USDT symbols")]
    [InlineData("USDT", "only USDT symbols")]
    [InlineData("1000PEPEUSDT", "multiplied contracts")]
    [InlineData("BTC-USDT", "not a symbol")]
    public void For_UnmappableSymbol_ThrowsSayingWhy(string symbol, string reason)
    {
        var e = Assert.Throws<FormatException>(() => CryptoComparePairs.For(symbol));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
