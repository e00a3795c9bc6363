using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class EmaTests : IndicatorTestBase<Ema>
{
    private const int Period = 20;

    protected override string[] OutputNames => ["ema"];

    protected override int ExpectedWarmUpPeriod => Period;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("ema", "ema")]);

    [Fact]
    public void Constructor_PeriodBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ema(0));

    [Fact]
    public void Update_HandValues_SeedsWithSmaThenSmooths()
    {
        var ema = new Ema(3); // k = 0.5
        Assert.True(double.IsNaN(ema.Update(1, 1)));
        Assert.True(double.IsNaN(ema.Update(2, 2)));
        Assert.Equal(2.0, ema.Update(3, 3));
        Assert.Equal(4.0, ema.Update(4, 6));
        Assert.True(ema.IsReady);
    }

    protected override Ema CreateIndicator() => new(Period);

    protected override void Update(Ema indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Ema.Compute(Closes(candles), outputs[0], Period);
}
