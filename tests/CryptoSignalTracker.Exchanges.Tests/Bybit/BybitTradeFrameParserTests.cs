using System.Text;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Tests.Support;

namespace CryptoSignalTracker.Exchanges.Tests.Bybit;

public sealed class BybitTradeFrameParserTests
{
    private const string Capture = "data/sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv";

    private static readonly Lazy<IReadOnlyList<Trade>> RealTrades = new(() => TradeCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, Capture)));

    private const string GoodTrade = """{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false,"seq":1783284617}""";

    [Fact]
    public void Parse_DocumentedExample_GivesTheTrade()
    {
        var trades = new List<Trade>();

        var frame = new BybitTradeFrameParser().Parse(Utf8($$"""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{{GoodTrade}}]}"""), trades);

        Assert.Equal(new BybitFrame(BybitFrameKind.Trades, 1), frame);
        Assert.Equal(new Trade(1672304486865, "BTCUSDT", TakerSide.Buy, 16578.5, 0.001, TradeId.Parse("20f43950-d8dd-5b31-9112-a178eb6023af")), Assert.Single(trades));
    }

    [Fact]
    public void Parse_RealTradesInBybitFrames_GivesTheSameTradesAndCandles()
    {
        var real = RealTrades.Value;
        var parser = new BybitTradeFrameParser();
        var parsed = new List<Trade>();
        var random = new Random(5);

        for (var start = 0; start < real.Count;)
        {
            var count = Math.Min(real.Count - start, random.Next(1, 200));
            var frame = parser.Parse(BybitFrames.Trades("ETHUSDT", real.Skip(start).Take(count)), parsed);
            Assert.Equal(new BybitFrame(BybitFrameKind.Trades, count), frame);
            start += count;
        }

        Assert.Equal(real.Select(t => t with { Id = TradeId.Parse(BybitFrames.Uuid(t)) }), parsed);
        Assert.Equal(CandleAggregator.Aggregate(real.ToArray()).Candles, CandleAggregator.Aggregate(parsed.ToArray()).Candles);
        Assert.Same(parsed[0].Symbol, parsed[^1].Symbol);
    }

    [Fact]
    public void Parse_NumericSpotIds_AreKeptAsNumbers()
    {
        var real = RealTrades.Value.Take(3).ToList();
        var trades = new List<Trade>();

        new BybitTradeFrameParser().Parse(BybitFrames.Trades("ETHUSDT", real, t => t.Id.Low.ToString(System.Globalization.CultureInfo.InvariantCulture)), trades);

        Assert.Equal(real, trades);
    }

    [Fact]
    public void Parse_FieldsInAnyOrderAndEscapedText_AreRead()
    {
        var trades = new List<Trade>();
        const string text = """{"data":[{"i":"abc-1","p":"2.5","v":"4","S":"\u0053ell","s":"XRPUSDT","T":1700000000000}],"ts":1,"type":"snapshot","topic":"publicTrade.XRPUSDT"}""";

        var frame = new BybitTradeFrameParser().Parse(Utf8(text), trades);

        Assert.Equal(BybitFrameKind.Trades, frame.Kind);
        Assert.Equal(new Trade(1700000000000, "XRPUSDT", TakerSide.Sell, 2.5, 4, TradeId.Parse("abc-1")), Assert.Single(trades));
    }

    [Fact]
    public void Parse_EmptyDataArray_IsATradeFrameWithNoTrades() =>
        Assert.Equal(new BybitFrame(BybitFrameKind.Trades, 0), new BybitTradeFrameParser().Parse(Utf8("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[]}"""), []));

    [Theory]
    [InlineData("""{"success":true,"ret_msg":"","conn_id":"3cd8","req_id":"","op":"subscribe"}""", BybitFrameKind.SubscribeAck, null)]
    [InlineData("""{"success":true,"ret_msg":"subscribe","conn_id":"2324","req_id":"10001","op":"subscribe"}""", BybitFrameKind.SubscribeAck, null)]
    [InlineData("""{"success":false,"ret_msg":"error:handler not found,topic:publicTrade.NOTASYMBOL","conn_id":"1","op":"subscribe"}""", BybitFrameKind.SubscribeRejected, "error:handler not found,topic:publicTrade.NOTASYMBOL")]
    [InlineData("""{"success":true,"ret_msg":"pong","conn_id":"1","req_id":"","op":"ping"}""", BybitFrameKind.Pong, null)]
    [InlineData("""{"success":true,"ret_msg":"pong","conn_id":"1","op":"ping"}""", BybitFrameKind.Pong, null)]
    [InlineData("""{"args":["1672916271846"],"op":"pong"}""", BybitFrameKind.Pong, null)]
    [InlineData("""{"success":true,"ret_msg":"","conn_id":"1","req_id":"u1","op":"unsubscribe"}""", BybitFrameKind.Other, "op unsubscribe")]
    [InlineData("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[],"a":[]}}""", BybitFrameKind.Other, "topic orderbook.50.BTCUSDT")]
    [InlineData("""{"data":[{"start":1,"end":2}],"topic":"kline.1.BTCUSDT","ts":1,"type":"snapshot"}""", BybitFrameKind.Other, "topic kline.1.BTCUSDT")]
    public void Parse_ControlFrames_AreRecognised(string text, BybitFrameKind kind, string? detail)
    {
        var trades = new List<Trade>();

        var frame = new BybitTradeFrameParser().Parse(Utf8(text), trades);

        Assert.Equal(new BybitFrame(kind, 0, detail), frame);
        Assert.Empty(trades);
    }

    [Theory]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[""", "not valid JSON")]
    [InlineData("""[1,2]""", "the frame is not a JSON object")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[]} {}""", "not valid JSON")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1}""", "a publicTrade push has no 'data' array")]
    [InlineData("""{"topic":"publicTrade.","data":[]}""", "topic 'publicTrade.' does not name a symbol")]
    [InlineData("""{"topic":7,"data":[]}""", "'topic' is not a string")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[7]}""", "trade 0 is not an object")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"ETHUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}""", "trade 0 is for ETHUSDT, the topic is publicTrade.BTCUSDT")]
    [InlineData("""{"success":true,"conn_id":"1"}""", "the frame has neither a 'topic' nor an 'op'")]
    [InlineData("""{"op":"subscribe","success":"yes"}""", "a subscribe reply has no boolean 'success'")]
    public void Parse_MalformedFrame_SaysWhatIsWrongAndLeavesTheBufferAlone(string text, string problem)
    {
        var before = new Trade(1, "BTCUSDT", TakerSide.Buy, 1, 1, TradeId.FromNumber(1));
        var trades = new List<Trade> { before };

        var frame = new BybitTradeFrameParser().Parse(Utf8(text), trades);

        Assert.Equal(BybitFrameKind.Malformed, frame.Kind);
        Assert.True(frame.IsMalformed);
        Assert.Equal(0, frame.TradeCount);
        Assert.StartsWith(problem, frame.Detail, StringComparison.Ordinal);
        Assert.Equal([before], trades);
    }

    [Theory]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}""", "trade 0 lacks 'T'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT"}]}""", "trade 0 lacks 'S', 'v', 'p', 'i'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":"1","s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}""", "trade 0: 'T' is not a positive whole number of milliseconds")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1.5,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}""", "trade 0: 'T' is not a positive whole number of milliseconds")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Hold","v":"1","p":"2","i":"x"}]}""", "trade 0: side 'Hold' is not Buy or Sell")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"-1","p":"2","i":"x"}]}""", "trade 0: size 'v'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"0","p":"2","i":"x"}]}""", "trade 0: size 'v'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":2,"i":"x"}]}""", "trade 0: price 'p'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2x","i":"x"}]}""", "trade 0: price 'p'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"NaN","i":"x"}]}""", "trade 0: price 'p'")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":""}]}""", "trade 0: trade id 'i' is not a non-empty string")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"btc/usdt","S":"Buy","v":"1","p":"2","i":"x"}]}""", "trade 0: 's' is not a symbol")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":2,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"},{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"y"}]}""", "trade 1 at 1970-01-01T00:00:00.001Z is earlier than trade 0 at 1970-01-01T00:00:00.002Z")]
    [InlineData("""{"data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2"}],"topic":"publicTrade.BTCUSDT"}""", "trade 0 lacks 'i'")]
    public void Parse_FrameWithOneBadTrade_RejectsThatTradeAloneSayingWhy(string text, string problem)
    {
        var frame = new BybitTradeFrameParser().Parse(Utf8(text), []);

        Assert.Equal(BybitFrameKind.Trades, frame.Kind);
        Assert.Equal(1, frame.Rejected);
        Assert.StartsWith(problem, frame.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "size 'v' 0 is not a size")]
    [InlineData("1e308", "size 'v'")]
    [InlineData("-1", "size 'v' is not a decimal")]
    public void Parse_BadTradeBetweenGoodOnes_GoodTradesKept(string size, string problem)
    {
        // Bybit sends a frame per symbol per push; one bad trade used to throw away every trade beside it (1,164 frames in a 300-symbol run).
        var trades = new List<Trade>();
        var bad = $$"""{"T":1672304486866,"s":"BTCUSDT","S":"Buy","v":"{{size}}","p":"16578.50","i":"bad"}""";

        var frame = new BybitTradeFrameParser().Parse(Utf8($$"""{"topic":"publicTrade.BTCUSDT","data":[{{GoodTrade}},{{bad}},{{GoodTrade}}]}"""), trades);

        Assert.Equal(BybitFrameKind.Trades, frame.Kind);
        Assert.Equal(2, frame.TradeCount);
        Assert.Equal(2, trades.Count);
        Assert.Equal(1, frame.Rejected);
        Assert.Contains(problem, frame.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5e-324")]
    [InlineData("0.0000000000001")]
    [InlineData("1000000000000")]
    public void Parse_PriceOutsideTheSaneBounds_TradeRejected(string price)
    {
        var frame = $$"""{"topic":"publicTrade.BTCUSDT","data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"1","p":"{{price}}","i":"a"}]}""";
        var trades = new List<Trade>();
        var result = new BybitTradeFrameParser().Parse(Utf8(frame), trades);
        Assert.Empty(trades);
        Assert.Equal(1, result.Rejected);
        Assert.Contains("price 'p'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GoodFrameAfterAMalformedOne_StillWorks()
    {
        var parser = new BybitTradeFrameParser();
        var trades = new List<Trade>();
        Assert.True(parser.Parse(Utf8("""{"topic":"publicTrade.BTCUSDT","data":[7]}"""), trades).IsMalformed);

        var frame = parser.Parse(Utf8($$"""{"topic":"publicTrade.BTCUSDT","data":[{{GoodTrade}},{{GoodTrade}}]}"""), trades);

        Assert.Equal(new BybitFrame(BybitFrameKind.Trades, 2), frame);
        Assert.Equal(2, trades.Count);
    }

    [Fact]
    public void Parse_TradeFrameWithListCapacity_AllocatesNothing()
    {
        var parser = new BybitTradeFrameParser();
        var bytes = BybitFrames.Trades("ETHUSDT", RealTrades.Value.Take(100));
        var trades = new List<Trade>(1_000);
        parser.Parse(bytes, trades);
        trades.Clear();

        Assert.Equal(0, Allocations.Fewest(3, _ =>
        {
            for (var i = 0; i < 5; i++)
            {
                parser.Parse(bytes, trades);
                trades.Clear();
            }
        }));
    }

    [Fact]
    public void Parse_NullBuffer_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new BybitTradeFrameParser().Parse(Utf8("{}"), null!));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
