using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class TrueRangeTests : IndicatorTestBase<TrueRange>
{
    protected override string[] OutputNames => ["tr"];

    protected override int ExpectedWarmUpPeriod => 2;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("tr", "tr")]);

    [Theory]
    [InlineData(12, 10, 11, 2)] // inside: high − low
    [InlineData(12, 10, 15, 5)] // gap down: previous close − low
    [InlineData(12, 10, 6, 6)] // gap up: high − previous close
    public void Of_HandBars_TakesTheWidestRange(double high, double low, double previousClose, double expected) =>
        Assert.Equal(expected, TrueRange.Of(high, low, previousClose));

    [Fact]
    public void Compute_CandlesOutOfOrder_Throws()
    {
        Candle[] candles = [TestCandles.Bar(2, 2, 1, 1), TestCandles.Bar(1, 2, 1, 1)];
        Assert.Throws<ArgumentException>(() => TrueRange.Compute(candles, new double[2]));
    }

    protected override TrueRange CreateIndicator() => new();

    protected override void Update(TrueRange indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        TrueRange.Compute(candles, outputs[0]);
}
