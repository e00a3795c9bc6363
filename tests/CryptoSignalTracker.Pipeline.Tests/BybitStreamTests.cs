using System.Collections.Concurrent;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The Bybit websocket client and REST backfill against the fake Bybit.</summary>
public sealed class BybitStreamTests
{
    private sealed class Recorder : IBybitTradeObserver
    {
        public ConcurrentQueue<Trade> Trades { get; } = new();

        public ConcurrentQueue<string> Disconnects { get; } = new();

        public int Subscriptions;

        public void OnSubscribed(int connection, long nowMs) => Interlocked.Increment(ref Subscriptions);

        public void OnTrades(IReadOnlyList<Trade> trades, long serverTimeMs)
        {
            foreach (var t in trades)
            {
                Trades.Enqueue(t);
            }
        }

        public void OnDisconnected(int connection, string reason, long nowMs) => Disconnects.Enqueue(reason);
    }

    private static BybitPublicTradeStream Stream(FakeBybitServer server, string[]? symbols = null, TimeSpan? ping = null, TimeSpan? quiet = null) =>
        new(new BybitStreamOptions
        {
            Url = server.WebSocketUrl.ToString(),
            Symbols = [.. symbols ?? SourceData.Symbols],
            PingInterval = ping ?? TimeSpan.FromMilliseconds(100),
            QuietTimeout = quiet ?? TimeSpan.FromSeconds(2),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
        });

    [Fact]
    public async Task RunAsync_SubscriptionRejected_ThrowsWithBybitsRetMsg()
    {
        await using var server = await FakeBybitServer.StartAsync(new FakeBybitScript { RejectSymbols = new HashSet<string> { "SOLUSDT" } });
        var ex = await Assert.ThrowsAsync<BybitSubscriptionException>(() => Stream(server).RunAsync(new Recorder(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("handler not found,topic:publicTrade.SOLUSDT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerQuietWithoutClosing_WatchdogReconnectsAndResubscribes()
    {
        await using var server = await FakeBybitServer.StartAsync(new FakeBybitScript { Silent = true });
        var recorder = new Recorder();
        using var cts = new CancellationTokenSource();
        var run = Stream(server, ping: TimeSpan.FromMilliseconds(100), quiet: TimeSpan.FromMilliseconds(500)).RunAsync(recorder, cts.Token);
        // Wait for every outcome, not only the third accept: the third subscription ack (and, on a loaded machine, the
        // pings) can still be on their way when the server has counted the connection, and cancelling then failed the test.
        await EmbeddedPipelineTests.WaitForAsync(() => server.Connections >= 3 && Volatile.Read(ref recorder.Subscriptions) >= 3 && server.Pings >= 2
            && recorder.Disconnects.Any(d => d.Contains("watchdog", StringComparison.Ordinal)));
        await cts.CancelAsync();
        await run;
        Assert.True(server.Connections >= 3, $"connections: {server.Connections}");
        Assert.True(recorder.Subscriptions >= 3);
        Assert.True(server.Pings >= 2, $"pings: {server.Pings}");
        Assert.Contains(recorder.Disconnects, d => d.Contains("watchdog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MalformedFrameThenTrades_SkipsItAndDeliversTheTrades()
    {
        var trades = SourceData.Trades(1);
        await using var server = await FakeBybitServer.StartAsync(new FakeBybitScript { Trades = trades, MalformedFrame = """{"topic":"publicTrade.BTCUSDT","data":[{"T":"soon"}]}""" });
        var recorder = new Recorder();
        using var cts = new CancellationTokenSource();
        var run = Stream(server).RunAsync(recorder, cts.Token);
        await EmbeddedPipelineTests.WaitForAsync(() => recorder.Trades.Count >= trades.Count);
        await cts.CancelAsync();
        await run;
        Assert.Equal(trades, recorder.Trades.ToList());
    }

    [Fact]
    public async Task RunAsync_ServerUnreachable_KeepsRetryingUntilCancelled()
    {
        var port = EmbeddedPipelineTests.FreePort();
        var stream = new BybitPublicTradeStream(new BybitStreamOptions
        {
            Url = $"ws://127.0.0.1:{port}/v5/public/linear",
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(20),
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await stream.RunAsync(new Recorder(), cts.Token);
        Assert.True(stream.Connections >= 3, $"attempts: {stream.Connections}");
    }

    [Theory]
    [InlineData("BTC-USDT", "Symbols[0]")]
    [InlineData("", "Symbols[0]")]
    public void Options_MalformedSymbol_IsAStartUpErrorNamingIt(string symbol, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new BybitPublicTradeStream(new BybitStreamOptions { Symbols = [symbol] }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreTheNineSymbolsOnTheLinearStream()
    {
        var options = new BybitStreamOptions().Validate();
        Assert.Equal(Symbols.Default, options.Symbols);
        Assert.Equal("wss://stream.bybit.com/v5/public/linear", options.Url);
        Assert.Equal(TimeSpan.FromSeconds(20), options.PingInterval);
        Assert.Throws<ArgumentException>(() => new BybitStreamOptions { Url = "https://x" }.Validate());
        Assert.Throws<ArgumentException>(() => new BybitStreamOptions { Symbols = ["BTCUSDT", "btcusdt"] }.Validate());
    }

    [Fact]
    public void Backoff_GrowsExponentiallyWithJitterAndIsCapped()
    {
        var stream = new BybitPublicTradeStream(new BybitStreamOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60) });
        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(stream.Backoff(0).TotalMilliseconds, 800, 1200);
            Assert.InRange(stream.Backoff(3).TotalMilliseconds, 6400, 9600);
            Assert.InRange(stream.Backoff(40).TotalMilliseconds, 48_000, 60_000);
        }
    }

    [Fact]
    public void ParseKlines_RealShapeNewestFirst_AscendingCandles()
    {
        var body = """{"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT","list":[["1670608860000","17071","17073","17027","17055.5","268611","15.74462667"],["1670608800000","17000","17100","16900","17071","10","1"]]},"retExtInfo":{},"time":1672025956592}""";
        var candles = BybitRestClient.ParseKlines(Encoding.UTF8.GetBytes(body), "BTCUSDT", 1670608800000, 1670608860000);
        Assert.Equal([1670608800000L, 1670608860000L], candles.Select(c => c.OpenTimeMs));
        Assert.Equal(new Candle(1670608860000, 17071, 17073, 17027, 17055.5, 268611), candles[1]);
    }

    [Theory]
    [InlineData("""{"retCode":10001,"retMsg":"params error: symbol invalid","result":{}}""", "retCode 10001 params error")]
    [InlineData("""{"retCode":0,"retMsg":"OK","result":{}}""", "no result.list")]
    [InlineData("""{"retCode":0,"result":{"list":[["x","1","1","1","1","1"]]}}""", "malformed")]
    [InlineData("""<html>""", "malformed")]
    public void ParseKlines_ErrorOrBadShape_ThrowsSayingWhat(string body, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => BybitRestClient.ParseKlines(Encoding.UTF8.GetBytes(body), "BTCUSDT", 0, long.MaxValue));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseRecentTrades_RealShapeNewestFirst_AscendingTrades()
    {
        var body = """{"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"execId":"2100000000007764263","symbol":"BTCUSDT","price":"16618.49","size":"0.00012","side":"Sell","time":"1672052955758","isBlockTrade":false,"isRPITrade":false,"seq":"1"},{"execId":"2100000000007764262","symbol":"BTCUSDT","price":"16618.5","size":"0.1","side":"Buy","time":"1672052955750","isBlockTrade":false,"isRPITrade":false,"seq":"2"}]},"retExtInfo":{},"time":1672053054358}""";
        var trades = BybitRestClient.ParseRecentTrades(Encoding.UTF8.GetBytes(body), "BTCUSDT");
        Assert.Equal(
            [new Trade(1672052955750, "BTCUSDT", TakerSide.Buy, 16618.5, 0.1, TradeId.Parse("2100000000007764262")),
             new Trade(1672052955758, "BTCUSDT", TakerSide.Sell, 16618.49, 0.00012, TradeId.Parse("2100000000007764263"))],
            trades);
    }

    [Theory]
    [InlineData("""{"retCode":10016,"retMsg":"Server error","result":{}}""", "retCode 10016 Server error")]
    [InlineData("""{"retCode":0,"result":{"list":[{"execId":"1","symbol":"ETHUSDT","price":"1","size":"1","side":"Buy","time":"1"}]}}""", "ETHUSDT")]
    [InlineData("""{"retCode":0,"result":{"list":[{"execId":"1","symbol":"BTCUSDT","price":"1","size":"1","side":"Up","time":"1"}]}}""", "'Up'")]
    [InlineData("""{"retCode":0,"result":{"list":[{"symbol":"BTCUSDT"}]}}""", "malformed")]
    public void ParseRecentTrades_ErrorOrBadShape_ThrowsSayingWhat(string body, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => BybitRestClient.ParseRecentTrades(Encoding.UTF8.GetBytes(body), "BTCUSDT"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMinuteKlines_FakeServer_ReturnsTheSourceCandle()
    {
        var source = SourceData.Candles("BTCUSDT", 3);
        await using var server = await FakeBybitServer.StartAsync(new FakeBybitScript { Klines = new Dictionary<string, IReadOnlyList<Candle>> { ["BTCUSDT"] = source } });
        using var http = new HttpClient();
        var client = new BybitRestClient(http, server.RestUrl);
        Assert.Equal([source[1]], await client.GetMinuteKlinesAsync("BTCUSDT", source[1].OpenTimeMs, source[1].OpenTimeMs, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<BybitApiException>(() => client.GetMinuteKlinesAsync("ETHUSDT", 0, 1, CancellationToken.None));
        Assert.Equal(BybitApiException.ParameterError, refused.RetCode);
    }
}
