using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

/// <summary>Pivots with 3 candles on the left and 2 on the right (unequal, so a swapped side would show).</summary>
public sealed class SwingPivotsTests : IndicatorTestBase<SwingPivots>
{
    private const int Left = 3;
    private const int Right = 2;
    private const double None = double.NaN;

    protected override string[] OutputNames => ["highPrice", "highIndex", "lowPrice", "lowIndex"];

    protected override int ExpectedWarmUpPeriod => Left + Right + 1;

    protected override bool FirstOutputContinuous => false;

    /// <summary>
    /// highs 10 11 12 15 13 14 12 9 10 9 11 12 / lows 9 10 11 14 12 13 11 7 8 7 9 10.
    /// Index 3 (high 15) beats the 3 highs before it and the 2 after: a pivot high, confirmed on index 5.
    /// Index 7 (low 7) is below the 3 lows before it and ≤ the 2 after (index 9 ties at 7): a pivot low,
    /// confirmed on index 9. Index 9 itself is not a pivot low: it is not strictly below index 7 (ties go to the first).
    /// </summary>
    protected override ReferenceCase Reference
    {
        get
        {
            double[] highs = [10, 11, 12, 15, 13, 14, 12, 9, 10, 9, 11, 12];
            double[] lows = [9, 10, 11, 14, 12, 13, 11, 7, 8, 7, 9, 10];
            var candles = highs.Select((h, i) => TestCandles.Bar(i, h, lows[i], (h + lows[i]) / 2)).ToArray();
            double[] highPrice = [None, None, None, None, None, 15, None, None, None, None, None, None];
            double[] highIndex = [None, None, None, None, None, 3, None, None, None, None, None, None];
            double[] lowPrice = [None, None, None, None, None, None, None, None, None, 7, None, None];
            double[] lowIndex = [None, None, None, None, None, None, None, None, None, 7, None, None];
            return new(candles, [highPrice, highIndex, lowPrice, lowIndex]);
        }
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    public void Constructor_SideBelowOne_Throws(int left, int right) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SwingPivots(left, right));

    [Fact]
    public void Update_OutsideBar_ConfirmsHighAndLowOnTheSameCandle()
    {
        var pivots = new SwingPivots(1, 1);
        pivots.Update(TestCandles.Bar(0, 10, 5, 7));
        pivots.Update(TestCandles.Bar(1, 12, 3, 7));
        var update = pivots.Update(TestCandles.Bar(2, 11, 4, 7));
        Assert.Equal(new PivotEvent(PivotKind.High, 1, 60_000, 12), update.High);
        Assert.Equal(new PivotEvent(PivotKind.Low, 1, 60_000, 3), update.Low);
    }

    [Fact]
    public void Update_FlatTop_FirstCandleOfTheRunIsThePivot()
    {
        var pivots = new SwingPivots(1, 2);
        double[] highs = [10, 12, 12, 11, 10];
        var found = new List<PivotEvent>();
        for (var i = 0; i < highs.Length; i++)
        {
            if (pivots.Update(TestCandles.Bar(i, highs[i], 1, 5)).High is { } high)
            {
                found.Add(high);
            }
        }

        Assert.Equal([new PivotEvent(PivotKind.High, 1, 60_000, 12)], found);
    }

    [Fact]
    public void Defaults_AreFiveEachSide() => Assert.Equal(11, new SwingPivots().WarmUpPeriod);

    protected override SwingPivots CreateIndicator() => new(Left, Right);

    protected override void Update(SwingPivots indicator, in Candle candle, Span<double> outputs) =>
        Write(indicator.Update(candle), outputs);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs)
    {
        var updates = new PivotUpdate[candles.Length];
        SwingPivots.Compute(candles, updates, Left, Right);
        Span<double> step = stackalloc double[OutputNames.Length];
        for (var i = 0; i < updates.Length; i++)
        {
            Write(updates[i], step);
            for (var k = 0; k < step.Length; k++)
            {
                outputs[k][i] = step[k];
            }
        }
    }

    private static void Write(PivotUpdate update, Span<double> outputs)
    {
        outputs[0] = update.High?.Price ?? double.NaN;
        outputs[1] = update.High?.Index ?? double.NaN;
        outputs[2] = update.Low?.Price ?? double.NaN;
        outputs[3] = update.Low?.Index ?? double.NaN;
    }
}
