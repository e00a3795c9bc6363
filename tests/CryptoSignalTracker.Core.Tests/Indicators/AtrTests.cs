using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class AtrTests : IndicatorTestBase<Atr>
{
    private const int Period = 14;

    protected override string[] OutputNames => ["atr", "tr"];

    protected override int ExpectedWarmUpPeriod => Period + 1;

    protected override ReferenceCase Reference =>
        new(TestCandles.Load(TestCandles.Skender), [SkenderResults.Series("atr", "atr"), SkenderResults.Series("atr", "tr")]);

    [Fact]
    public void Constructor_PeriodBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Atr(0));

    [Fact]
    public void Update_HandBars_FirstValueIsMeanOfTrueRangesThenWilder()
    {
        var atr = new Atr(2);
        atr.Update(TestCandles.Bar(0, 11, 9, 10)); // no TR
        atr.Update(TestCandles.Bar(1, 12, 10, 11)); // TR 2
        Assert.Equal(3.0, atr.Update(TestCandles.Bar(2, 15, 11, 14))); // TR 4 → mean(2, 4)
        Assert.Equal(2.5, atr.Update(TestCandles.Bar(3, 15, 13, 14))); // TR 2 → (3 + 2)/2
    }

    [Fact]
    public void Compute_CandlesOutOfOrder_Throws()
    {
        Candle[] candles = [TestCandles.Bar(1, 2, 1, 1), TestCandles.Bar(1, 2, 1, 1)];
        Assert.Throws<ArgumentException>(() => Atr.Compute(candles, new double[2]));
    }

    [Fact]
    public void Compute_Columns_EqualsCandlesBitForBit()
    {
        var candles = TestCandles.Load(TestCandles.Skender);
        var fromCandles = new double[candles.Length];
        var fromColumns = new double[candles.Length];
        Atr.Compute(candles, fromCandles, Period);
        Atr.Compute([.. candles.Select(c => c.High)], [.. candles.Select(c => c.Low)], [.. candles.Select(c => c.Close)], fromColumns, Period);

        Assert.Equal(fromCandles.Select(BitConverter.DoubleToInt64Bits), fromColumns.Select(BitConverter.DoubleToInt64Bits));
        Assert.True(double.IsNaN(fromColumns[Period - 1]) && !double.IsNaN(fromColumns[Period]));
    }

    [Fact]
    public void Compute_ColumnsOfDifferentLengths_ThrowsNamingTheLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Atr.Compute(new double[3], new double[3], new double[2], new double[3]));
        Assert.Contains("3, 3 and 2", ex.Message, StringComparison.Ordinal);
    }

    protected override Atr CreateIndicator() => new(Period);

    protected override void Update(Atr indicator, in Candle candle, Span<double> outputs)
    {
        outputs[0] = indicator.Update(candle);
        outputs[1] = indicator.TrueRange;
    }

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs)
    {
        Atr.Compute(candles, outputs[0], Period);
        TrueRange.Compute(candles, outputs[1]);
    }
}
