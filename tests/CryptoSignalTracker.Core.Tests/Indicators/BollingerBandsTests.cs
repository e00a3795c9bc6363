using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class BollingerBandsTests : IndicatorTestBase<BollingerBands>
{
    protected override string[] OutputNames => ["middle", "upper", "lower", "percentB"];

    protected override int ExpectedWarmUpPeriod => 20;

    protected override ReferenceCase Reference =>
        new(
            TestCandles.Load(TestCandles.Skender),
            [
                SkenderResults.Series("bb", "sma"),
                SkenderResults.Series("bb", "upperBand"),
                SkenderResults.Series("bb", "lowerBand"),
                SkenderResults.Series("bb", "percentB"),
            ]);

    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(20, -1.0)]
    [InlineData(20, double.NaN)]
    public void Constructor_BadArguments_Throws(int period, double k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BollingerBands(period, k));

    [Fact]
    public void Update_FlatWindow_BandsCoincideAndPercentBIsNaN()
    {
        var bb = new BollingerBands(3);
        for (var i = 0; i < 3; i++)
        {
            bb.Update(i, 5);
        }

        Assert.Equal(5.0, bb.Upper);
        Assert.Equal(5.0, bb.Lower);
        Assert.True(double.IsNaN(bb.PercentB));
    }

    protected override BollingerBands CreateIndicator() => new();

    protected override void Update(BollingerBands indicator, in Candle candle, Span<double> outputs)
    {
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);
        outputs[1] = indicator.Upper;
        outputs[2] = indicator.Lower;
        outputs[3] = indicator.PercentB;
    }

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        BollingerBands.Compute(Closes(candles), outputs[0], outputs[1], outputs[2], outputs[3]);
}
