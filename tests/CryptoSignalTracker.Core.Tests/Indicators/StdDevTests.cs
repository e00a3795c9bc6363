using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class StdDevTests : IndicatorTestBase<StdDev>
{
    private const int Period = 14; // the period of Skender's stdev.standard.json

    protected override string[] OutputNames => ["stdDev", "mean"];

    protected override int ExpectedWarmUpPeriod => Period;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("stdev", "stdDev"), SkenderResults.Series("stdev", "mean")]);

    [Fact]
    public void Update_HandValues_IsPopulationStdDev()
    {
        var sd = new StdDev(4);
        double[] values = [2, 4, 4, 6]; // mean 4, squared deviations 4, 0, 0, 4 → variance 2
        for (var i = 0; i < values.Length; i++)
        {
            sd.Update(i, values[i]);
        }

        Assert.Equal(Math.Sqrt(2), sd.Value);
        Assert.Equal(4.0, sd.Mean);
    }

    protected override StdDev CreateIndicator() => new(Period);

    protected override void Update(StdDev indicator, in Candle candle, Span<double> outputs)
    {
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);
        outputs[1] = indicator.Mean;
    }

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs)
    {
        var closes = Closes(candles);
        StdDev.Compute(closes, outputs[0], Period);
        Sma.Compute(closes, outputs[1], Period);
    }
}
