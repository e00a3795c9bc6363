using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Macro;

/// <summary>The 4-hour warm-up a new live deployment takes from Kraken/CryptoCompare, on real BTCUSDT 4-hour candles.</summary>
public sealed class MacroWarmUpTests
{
    private const long FourHoursMs = 240 * 60_000L;

    private static IReadOnlyList<Candle> FourHour() =>
        CandleResampler.Resample([.. RealData.BtcAndSol.Single(s => s.Symbol == "BTCUSDT").Candles], Interval.OneMinute, new Interval(240));

    [Fact]
    public void Select_FirstMinuteMidBucket_TakesTheLastCandlesClosedBeforeThatBucketOnly()
    {
        var h4 = FourHour();
        var bucket = h4[70].OpenTimeMs;
        var first = bucket + (90 * 60_000); // 01:30 into the bucket

        var warmUp = MacroWarmUp.Select("BTCUSDT", "kraken", first, h4, 60);

        Assert.Null(warmUp.Error);
        Assert.Equal(60, warmUp.FourHour.Count);
        Assert.Equal(bucket - FourHoursMs, warmUp.FourHour[^1].OpenTimeMs); // the bucket holding the first minute is Bybit's
        Assert.Equal(h4[10].OpenTimeMs, warmUp.FourHour[0].OpenTimeMs);
    }

    [Fact]
    public void Select_FewerClosedCandlesThanNeeded_KeepsThemAndSaysHowMany()
    {
        var h4 = FourHour();

        var warmUp = MacroWarmUp.Select("BTCUSDT", "cryptocompare", h4[12].OpenTimeMs, h4, 60);

        Assert.Equal(12, warmUp.FourHour.Count);
        Assert.Equal($"cryptocompare had 12 closed 4-hour candles before {WireNames.Time(h4[12].OpenTimeMs)}, the EMA needs 60", warmUp.Error);
    }

    [Fact]
    public void ToJson_FromJson_RoundTripsEveryField()
    {
        var warmUp = MacroWarmUp.Select("BTCUSDT", "kraken", FourHour()[70].OpenTimeMs, FourHour(), 60);

        var back = MacroWarmUp.FromJson(warmUp.ToJson(), "test");

        Assert.Equal(warmUp.ToJson(), back.ToJson());
        Assert.Equal(warmUp.FourHour, back.FourHour);
    }

    [Theory]
    [InlineData("""{"symbol":"BTCUSDT","source":"kraken","firstMinuteMs":1,"fourHour":[[20,1,1,1,1,1],[10,1,1,1,1,1]]}""", "out of order")]
    [InlineData("""{"symbol":"BTCUSDT","source":"kraken","fourHour":[]}""", "firstMinuteMs")]
    [InlineData("""[1,2]""", "is not a macro warm-up")]
    public void FromJson_Malformed_FormatExceptionNamingWhereAndWhat(string json, string named)
    {
        var ex = Assert.Throws<FormatException>(() => MacroWarmUp.FromJson(json, "logic-macro-warmup/BTCUSDT"));

        Assert.StartsWith("logic-macro-warmup/BTCUSDT is not a macro warm-up", ex.Message, StringComparison.Ordinal);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmUpMacro_AfterTheSymbolsFirstCandle_Refused()
    {
        var engine = new TradingEngine(new TradingConfig());
        var minute = RealData.BtcAndSol.Single(s => s.Symbol == "BTCUSDT").Candles[0];
        engine.OnCandle("BTCUSDT", minute, new NullListener());

        var ex = Assert.Throws<InvalidOperationException>(() => engine.WarmUpMacro(MacroWarmUp.Select("BTCUSDT", "kraken", minute.OpenTimeMs, FourHour(), 60)));
        Assert.Contains("before the symbol's first candle", ex.Message, StringComparison.Ordinal);
    }

    private sealed class NullListener : IEngineListener
    {
        public void OnSignal(Signal signal)
        {
        }

        public void OnSkipped(SkippedSignal skipped)
        {
        }

        public void OnExit(ClosedTrade trade)
        {
        }

        public void OnBias(MacroBias bias)
        {
        }
    }
}
