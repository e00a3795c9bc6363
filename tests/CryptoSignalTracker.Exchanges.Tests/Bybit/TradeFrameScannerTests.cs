using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Exchanges.Tests.Bybit;

/// <summary>The parser's fast path must decide every frame exactly as its Utf8JsonReader path does.</summary>
public sealed class TradeFrameScannerTests
{
    private static readonly Lazy<IReadOnlyList<Trade>> RealTrades = new(() =>
        TradeCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data/sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv")));

    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("{}[],:\"\\ \t\n0159-+.eEatrufnlsSTvpiBuySel");

    [Fact]
    public void TryParse_RealFrames_TakesTheFastPathWithTheSameTrades()
    {
        var real = RealTrades.Value;
        var parser = new BybitTradeFrameParser();
        for (var start = 0; start < 5_000; start += 50)
        {
            var frame = BybitFrames.Trades("ETHUSDT", real.Skip(start).Take(50));
            var fast = new List<Trade>();

            Assert.True(TradeFrameScanner.TryParse(frame, fast, s => Encoding.ASCII.GetString(s), out var count));

            Assert.Equal(50, count);
            Assert.Equal(SlowPath(frame).Trades, fast);
        }
    }

    [Fact]
    public void TryParse_PrettyPrintedFrame_TakesTheFastPath()
    {
        var frame = Encoding.UTF8.GetString(BybitFrames.Trades("ETHUSDT", RealTrades.Value.Take(3)))
            .Replace(",", ",\n    ", StringComparison.Ordinal).Replace(":", " : ", StringComparison.Ordinal).Replace("{", "{ ", StringComparison.Ordinal);
        var trades = new List<Trade>();

        Assert.True(TradeFrameScanner.TryParse(Encoding.UTF8.GetBytes("\r\n" + frame + "\t"), trades, s => Encoding.ASCII.GetString(s), out _));
        Assert.Equal(3, trades.Count);
    }

    [Theory]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"B\u0075y","v":"1","p":"2","i":"x"}]}""")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x","x":{"a":1}}]}""")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1e3,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}""")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[],"data":[]}""")]
    [InlineData("""{"op":"pong"}""")]
    public void TryParse_OutsideTheSubset_FallsBackWithTheListUntouched(string text)
    {
        var trades = new List<Trade> { new(1, "X1", TakerSide.Buy, 1, 1, TradeId.FromNumber(1)) };

        Assert.False(TradeFrameScanner.TryParse(Encoding.UTF8.GetBytes(text), trades, s => Encoding.ASCII.GetString(s), out _));
        Assert.Single(trades);
    }

    [Fact]
    public void Parse_RandomlyDamagedFrames_FastAndSlowPathsAgree()
    {
        var random = new Random(1234);
        var real = RealTrades.Value;
        var fastParser = new BybitTradeFrameParser();
        var slowParser = new BybitTradeFrameParser { UseFastPath = false };
        var fastAccepted = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var frame = BybitFrames.Trades("ETHUSDT", real.Skip(random.Next(real.Count - 5)).Take(random.Next(0, 4))).ToList();
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                var at = random.Next(frame.Count);
                switch (random.Next(4))
                {
                    case 0:
                        frame[at] = Interesting[random.Next(Interesting.Length)];
                        break;
                    case 1:
                        frame.RemoveAt(at);
                        break;
                    case 2:
                        frame.Insert(at, Interesting[random.Next(Interesting.Length)]);
                        break;
                    default:
                        frame.Insert(at, (byte)' ');
                        break;
                }
            }

            var bytes = frame.ToArray();
            var fastTrades = new List<Trade>();
            var slowTrades = new List<Trade>();
            var fast = fastParser.Parse(bytes, fastTrades);
            var slow = slowParser.Parse(bytes, slowTrades);

            Assert.True(slow == fast, $"frame {Encoding.UTF8.GetString(bytes)}: fast {fast}, slow {slow}");
            Assert.Equal(slowTrades, fastTrades);
            fastAccepted += TradeFrameScanner.TryParse(bytes, [], s => Encoding.ASCII.GetString(s), out _) ? 1 : 0;
        }

        // the damage often leaves a valid frame (a space, a changed digit): both paths must have been exercised
        Assert.InRange(fastAccepted, 1_000, 19_000);
    }

    private static (BybitFrame Frame, List<Trade> Trades) SlowPath(byte[] frame)
    {
        var trades = new List<Trade>();
        var result = new BybitTradeFrameParser { UseFastPath = false }.Parse(frame, trades);
        return (result, trades);
    }
}
