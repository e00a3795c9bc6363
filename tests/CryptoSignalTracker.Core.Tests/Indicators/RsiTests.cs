using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class RsiTests : IndicatorTestBase<Rsi>
{
    private const int Period = 14;

    protected override string[] OutputNames => ["rsi"];

    protected override int ExpectedWarmUpPeriod => Period + 1;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("rsi", "rsi")]);

    [Fact]
    public void Constructor_PeriodBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rsi(0));

    [Theory]
    [InlineData(1.0, 100.0)]
    [InlineData(-1.0, 0.0)]
    [InlineData(0.0, 50.0)]
    public void Update_OneWayOrFlatCloses_GivesTheLimits(double step, double expected)
    {
        var rsi = new Rsi(3);
        var last = double.NaN;
        for (var i = 0; i < 10; i++)
        {
            last = rsi.Update(i, 100 + (i * step));
        }

        Assert.Equal(expected, last);
    }

    [Fact]
    public void Update_HandValues_SeedsWithMeanGainAndLoss()
    {
        // period 2: changes +2, -1 → avg gain 1, avg loss 0.5 → RSI 100·1/1.5; then +1 → gain 1, loss 0.25.
        var rsi = new Rsi(2);
        rsi.Update(1, 10);
        rsi.Update(2, 12);
        Assert.Equal(100.0 / 1.5, rsi.Update(3, 11), 12);
        Assert.Equal(1.0, rsi.AverageGain);
        Assert.Equal(0.5, rsi.AverageLoss);
        Assert.Equal(100.0 * 1.0 / 1.25, rsi.Update(4, 12), 12);
    }

    protected override Rsi CreateIndicator() => new(Period);

    protected override void Update(Rsi indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Rsi.Compute(Closes(candles), outputs[0], Period);
}
