using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class SmaTests : IndicatorTestBase<Sma>
{
    private const int Period = 20;

    protected override string[] OutputNames => ["sma"];

    protected override int ExpectedWarmUpPeriod => Period;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("sma", "sma")]);

    [Fact]
    public void Constructor_PeriodBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sma(0));

    [Fact]
    public void Compute_OutputShorterThanInput_ThrowsNamingOutput()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sma.Compute(new double[3], new double[2], 2));
        Assert.Equal("output", ex.ParamName);
    }

    [Fact]
    public void Update_HandValues_AveragesTheLastPeriod()
    {
        var sma = new Sma(3);
        Assert.True(double.IsNaN(sma.Update(1, 1)));
        Assert.True(double.IsNaN(sma.Update(2, 2)));
        Assert.Equal(2.0, sma.Update(3, 3));
        Assert.Equal(3.0, sma.Update(4, 4));
        Assert.Equal(3.0, sma.Value);
    }

    protected override Sma CreateIndicator() => new(Period);

    protected override void Update(Sma indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Sma.Compute(Closes(candles), outputs[0], Period);
}
