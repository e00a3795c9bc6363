using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Strategy;

public sealed class ChampionStrategyTests
{
    // A 10-candle volume average lets the volume spike be exact in binary floating point (see CandleSequence.Volumes).
    private static readonly ChampionOptions Options = new() { VolumePeriod = 10 };

    private static List<EntryIntent?> Run(ChampionOptions options, IReadOnlyList<Candle> candles)
    {
        var strategy = new ChampionStrategy(options);
        return candles.Select(c => strategy.OnCandle(c)).ToList();
    }

    [Fact]
    public void OnCandle_RsiExactly25WithSpike_FiresLong()
    {
        var closes = CandleSequence.RsiExactly25();
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 27.5));
        var rsi = new double[closes.Count];
        Rsi.Compute(closes.ToArray(), rsi, 14);
        Assert.Equal(25.0, rsi[^1]); // precondition: the scenario really is RSI = 25

        var intents = Run(Options, candles);

        Assert.All(intents.Take(14), i => Assert.Null(i));
        var intent = Assert.NotNull(intents[^1]);
        Assert.Equal(Direction.Long, intent.Side);
        Assert.Equal(closes[^1], intent.Entry);
        Assert.Equal(closes[^1] * 0.993, intent.StopLoss, 12);
        Assert.Equal(closes[^1] * 1.015, intent.TakeProfit, 12);
        Assert.Contains("RSI(14) 25 ≤ 25", intent.Reason, StringComparison.Ordinal);
        Assert.Contains("volume 1.52×", intent.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnCandle_RsiExactly75WithSpike_FiresShort()
    {
        var closes = CandleSequence.RsiExactly25(mirror: true);
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 30));

        var intent = Assert.NotNull(Run(Options, candles)[^1]);

        Assert.Equal(Direction.Short, intent.Side);
        Assert.Equal(closes[^1] * 1.007, intent.StopLoss, 12);
        Assert.Equal(closes[^1] * 0.985, intent.TakeProfit, 12);
    }

    [Fact]
    public void OnCandle_VolumeExactly1Point5TimesAverage_DoesNotFire()
    {
        var closes = CandleSequence.RsiExactly25();
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 27));
        var average = new double[closes.Count];
        Sma.Compute(candles.Select(c => c.Volume).ToArray(), average, 10);
        Assert.Equal(27.0, 1.5 * average[^1]); // precondition: volume is exactly 1.5 × the average

        Assert.All(Run(Options, candles), i => Assert.Null(i));
    }

    [Fact]
    public void OnCandle_RsiJustAbove25_DoesNotFire()
    {
        var closes = CandleSequence.RsiExactly25();
        closes[^1] += 0.01; // a smaller last loss: RSI a little above 25
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 40));

        Assert.All(Run(Options, candles), i => Assert.Null(i));
    }

    [Fact]
    public void OnCandle_AtrExits_PlacesStopAndTargetInAtrs()
    {
        var closes = CandleSequence.RsiExactly25();
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 30));
        var atr = new double[candles.Count];
        Atr.Compute(candles.ToArray(), atr, 14);

        var intent = Assert.NotNull(Run(Options with { ExitMode = ExitMode.Atr }, candles)[^1]);

        Assert.Equal(closes[^1] - atr[^1], intent.StopLoss, 12);
        Assert.Equal(closes[^1] + (1.5 * atr[^1]), intent.TakeProfit, 12);
    }

    [Fact]
    public void OnCandle_SameCandleTwice_Throws()
    {
        var closes = CandleSequence.RsiExactly25();
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 30));
        var strategy = new ChampionStrategy(Options);
        strategy.OnCandle(candles[0]);

        Assert.Throws<ArgumentException>(() => strategy.OnCandle(candles[0]));
    }

    [Fact]
    public void Reset_ThenReplay_GivesTheSameDecisions()
    {
        var closes = CandleSequence.RsiExactly25();
        var candles = CandleSequence.FromCloses(closes, CandleSequence.Volumes(closes.Count, 30));
        var strategy = new ChampionStrategy(Options);
        var first = candles.Select(c => strategy.OnCandle(c)).ToList();
        strategy.Reset();
        var second = candles.Select(c => strategy.OnCandle(c)).ToList();

        Assert.Equal(first, second);
        Assert.NotNull(first[^1]);
    }

    [Theory]
    [InlineData(1, 25, 75, 1.5, "RsiPeriod")]
    [InlineData(14, 25, 25, 1.5, "Oversold")]
    [InlineData(14, 25, 75, -1, "VolumeFactor")]
    public void Validate_BadSettings_ThrowsNamingTheSetting(int period, double oversold, double overbought, double factor, string setting)
    {
        var options = new ChampionOptions { RsiPeriod = period, Oversold = oversold, Overbought = overbought, VolumeFactor = factor };
        var ex = Assert.Throws<ArgumentException>(() => new ChampionStrategy(options));
        Assert.StartsWith($"strategy setting {setting} ", ex.Message, StringComparison.Ordinal);
    }
}
