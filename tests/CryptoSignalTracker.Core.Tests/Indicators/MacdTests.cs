using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class MacdTests : IndicatorTestBase<Macd>
{
    protected override string[] OutputNames => ["macd", "signal", "histogram"];

    protected override int ExpectedWarmUpPeriod => 26;

    protected override ReferenceCase Reference =>
        new(
            TestCandles.Load(TestCandles.Skender),
            [
                SkenderResults.Series("macd", "macd"),
                SkenderResults.Series("macd", "signal"),
                SkenderResults.Series("macd", "histogram"),
            ]);

    [Theory]
    [InlineData(12, 12, 9)]
    [InlineData(12, 26, 0)]
    [InlineData(0, 26, 9)]
    public void Constructor_BadPeriods_Throws(int fast, int slow, int signal) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Macd(fast, slow, signal));

    [Fact]
    public void Update_DefaultPeriods_SignalStartsAtSignalWarmUp()
    {
        var macd = new Macd();
        Assert.Equal(34, macd.SignalWarmUpPeriod);
        var closes = TestCandles.Load(TestCandles.Skender);
        for (var inputs = 1; inputs <= macd.SignalWarmUpPeriod + 1; inputs++)
        {
            macd.Update(closes[inputs - 1].OpenTimeMs, closes[inputs - 1].Close);
            Assert.Equal(inputs >= macd.SignalWarmUpPeriod, !double.IsNaN(macd.Signal));
        }

        Assert.Equal(macd.Value - macd.Signal, macd.Histogram);
    }

    protected override Macd CreateIndicator() => new();

    protected override void Update(Macd indicator, in Candle candle, Span<double> outputs)
    {
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Close);
        outputs[1] = indicator.Signal;
        outputs[2] = indicator.Histogram;
    }

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Macd.Compute(Closes(candles), outputs[0], outputs[1], outputs[2]);
}
