using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Kraken;

namespace CryptoSignalTracker.Exchanges.Tests.Kraken;

public sealed class KrakenOhlcClientTests
{
    // the documented example row (protocols.md §2.1) and the next two 5-minute candles; the last one is forming
    private const string RealShape =
        """{"error":[],"result":{"XXBTZUSD":[[1688671200,"30306.1","30306.2","30305.7","30305.7","30306.1","3.39243896",23],[1688671500,"30305.7","30310.0","30300.0","30309.5","30306.0","1.5",7],[1688671800,"30309.5","30311.0","30309.0","30310.0","30310.0","0.2",2]],"last":1688671500}}""";

    [Fact]
    public async Task GetClosedCandlesAsync_RealShape_DropsTheFormingCandleAndReadsTheCanonicalKey()
    {
        await using var kraken = new FakeKrakenServer();
        kraken.SetBody("XBTUSD", 5, RealShape);
        using var http = new HttpClient();

        var candles = await new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("XBTUSD", 5, CancellationToken.None);

        Assert.Equal(2, candles.Count);
        Assert.Equal(new Candle(1688671200_000, 30306.1, 30306.2, 30305.7, 30305.7, 3.39243896, 23), candles[0]);
        Assert.Equal(1688671500_000, candles[1].OpenTimeMs);
        Assert.Equal(30309.5, candles[1].Close);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_KrakenErrorArray_ThrowsNamingPairAndError()
    {
        await using var kraken = new FakeKrakenServer();
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<KrakenApiException>(() => new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("NOPEUSDT", 240, CancellationToken.None));

        Assert.Contains("NOPEUSDT", e.Message, StringComparison.Ordinal);
        Assert.Contains("EQuery:Unknown asset pair", e.Message, StringComparison.Ordinal);
        Assert.Equal(["EQuery:Unknown asset pair"], e.Errors);
    }

    [Theory]
    [InlineData("{\"error\":[],\"result\":{\"XBTUSDT\":[[1,\"2\"", "not JSON")]
    [InlineData("[]", "must be an object")]
    [InlineData("{\"error\":[]}", "'result' object is missing")]
    [InlineData("{\"error\":[],\"result\":{\"last\":5}}", "found 0")]
    [InlineData("{\"error\":[],\"result\":{\"A\":[],\"B\":[],\"last\":5}}", "found 2")]
    [InlineData("{\"error\":[],\"result\":{\"XBTUSDT\":[[1,\"1\",\"1\",\"1\",\"1\",\"1\",\"1\"],[2,\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",1]],\"last\":5}}", "must be [time, open")]
    [InlineData("{\"error\":[],\"result\":{\"XBTUSDT\":[[1,\"1\",\"x\",\"1\",\"1\",\"1\",\"1\",1],[2,\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",1]],\"last\":5}}", "high \"x\" is not a decimal string")]
    public async Task GetClosedCandlesAsync_MalformedBody_ThrowsFormatExceptionSayingWhat(string body, string reason)
    {
        await using var kraken = new FakeKrakenServer();
        kraken.SetBody("XBTUSDT", 5, body);
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<FormatException>(() => new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("XBTUSDT", 5, CancellationToken.None));

        Assert.Contains("XBTUSDT", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_OnlyTheFormingRow_ReturnsNothing()
    {
        await using var kraken = new FakeKrakenServer();
        kraken.SetBody("ETHUSDT", 240, """{"error":[],"result":{"ETHUSDT":[[1688671200,"1","2","0.5","1.5","1.2","10",3]],"last":1688671200}}""");
        using var http = new HttpClient();

        Assert.Empty(await new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("ETHUSDT", 240, CancellationToken.None));
    }

    [Fact]
    public async Task GetClosedCandlesAsync_UnsupportedInterval_Throws()
    {
        using var http = new HttpClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new KrakenOhlcClient(http).GetClosedCandlesAsync("XBTUSDT", 3, CancellationToken.None));
    }

    [Fact]
    public async Task GetClosedCandlesAsync_Status503_ThrowsHttpRequestException()
    {
        await using var kraken = new FakeKrakenServer();
        kraken.SetBody("XBTUSDT", 5, "<html>Service Unavailable</html>", 503);
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("XBTUSDT", 5, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public async Task GetClosedCandlesAsync_SlowServer_TimesOutWithTaskCanceled()
    {
        await using var kraken = new FakeKrakenServer { Delay = TimeSpan.FromSeconds(2) };
        kraken.SetBody("XBTUSDT", 5, RealShape);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => new KrakenOhlcClient(http, kraken.BaseUrl).GetClosedCandlesAsync("XBTUSDT", 5, CancellationToken.None));
    }

    [Theory]
    [InlineData("BTCUSDT", "XBTUSDT")]
    [InlineData("dogeusdt", "XDGUSDT")]
    [InlineData("ETHUSDT", "ETHUSDT")]
    [InlineData("SOLUSDT", "SOLUSDT")]
    [InlineData("XRPUSDT", "XRPUSDT")]
    [InlineData("SEIUSDT", "SEIUSDT")]
    [InlineData("LINKUSDT", "LINKUSDT")]
    [InlineData("SUIUSDT", "SUIUSDT")]
    [InlineData("ADAUSDT", "ADAUSDT")]
    public void For_DefaultSymbol_GivesKrakenPair(string symbol, string pair) => Assert.Equal(pair, KrakenPairs.For(symbol));

    [Fact]
    public void For_MalformedSymbol_Throws() => Assert.Throws<FormatException>(() => KrakenPairs.For("BTC-USDT"));
}
