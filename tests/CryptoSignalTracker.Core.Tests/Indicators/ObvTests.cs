using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class ObvTests : IndicatorTestBase<Obv>
{
    protected override string[] OutputNames => ["obv"];

    protected override int ExpectedWarmUpPeriod => 1;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("obv", "obv")]);

    [Fact]
    public void Update_UpDownFlat_AddsSubtractsKeeps()
    {
        var obv = new Obv();
        Assert.Equal(0.0, obv.Update(TestCandles.Bar(0, 11, 9, 10, volume: 5)));
        Assert.Equal(7.0, obv.Update(TestCandles.Bar(1, 12, 10, 11, volume: 7)));
        Assert.Equal(4.0, obv.Update(TestCandles.Bar(2, 12, 9, 10, volume: 3)));
        Assert.Equal(4.0, obv.Update(TestCandles.Bar(3, 12, 9, 10, volume: 9)));
    }

    [Fact]
    public void Compute_CandlesOutOfOrder_Throws()
    {
        Candle[] candles = [TestCandles.Bar(2, 2, 1, 1), TestCandles.Bar(1, 2, 1, 1)];
        Assert.Throws<ArgumentException>(() => Obv.Compute(candles, new double[2]));
    }

    protected override Obv CreateIndicator() => new();

    protected override void Update(Obv indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Obv.Compute(candles, outputs[0]);
}
