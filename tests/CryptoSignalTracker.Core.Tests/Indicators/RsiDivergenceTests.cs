using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

/// <summary>
/// RSI divergence on pivots with 2 candles each side. The shared checks feed, as the oscillator, the bar's own
/// close position <c>100·(close − low)/(high − low)</c>: divergence only compares oscillator values, and an
/// oscillator that is a pure function of the candle lets those checks feed <see cref="RsiDivergence"/> alone
/// (so its own out-of-order check is the one exercised). <see cref="Compute_RealRsi_EqualsIncremental"/> uses the real RSI.
/// The output encodes None as NaN, Bullish as 1 and Bearish as −1.
/// </summary>
public sealed class RsiDivergenceTests : IndicatorTestBase<RsiDivergence>
{
    private const int Side = 2;
    private const double None = double.NaN;
    private const double Bullish = 1;

    // Lows with pivot lows at index 2 (10) and 6 (8, lower); the 2 candles after each confirm it.
    private static readonly double[] _lowerLow = [18, 16, 10, 14, 15, 13, 8, 12, 13];

    protected override string[] OutputNames => ["divergence"];

    protected override int ExpectedWarmUpPeriod => (2 * Side) + 1;

    protected override bool FirstOutputContinuous => false;

    /// <summary>
    /// Pivot low A at index 2 (low 10, close 12 in 10..18 → oscillator 25), pivot low B at index 6 (low 8, lower;
    /// close 12 in 8..16 → 50, higher): bullish on index 8, the candle that confirms B, and nowhere else.
    /// (The one pivot high, index 4, has no earlier high to compare with.)
    /// </summary>
    protected override ReferenceCase Reference
    {
        get
        {
            Candle[] candles =
            [
                TestCandles.Bar(0, 20, 18, 19),
                TestCandles.Bar(1, 19, 16, 17),
                TestCandles.Bar(2, 18, 10, 12),
                TestCandles.Bar(3, 19, 14, 16),
                TestCandles.Bar(4, 20, 15, 17),
                TestCandles.Bar(5, 19, 13, 15),
                TestCandles.Bar(6, 16, 8, 12),
                TestCandles.Bar(7, 18, 12, 15),
                TestCandles.Bar(8, 19, 13, 16),
            ];
            return new(candles, [[None, None, None, None, None, None, None, None, Bullish]]);
        }
    }

    [Fact]
    public void Update_LowerLowHigherRsi_BullishOnConfirmingCandleWithBothPivots()
    {
        var (kinds, divergence) = Run(FromLows(_lowerLow), rsiAt: new() { [2] = 25, [6] = 50 });

        Assert.Equal(DivergenceKind.Bullish, kinds[8]);
        Assert.Equal(1, kinds.Count(k => k != DivergenceKind.None));
        var last = Assert.NotNull(divergence.LastDivergence);
        Assert.Equal((2, 10.0, 25.0), (last.Previous.Index, last.Previous.Price, last.PreviousRsi));
        Assert.Equal((6, 8.0, 50.0), (last.Current.Index, last.Current.Price, last.CurrentRsi));
    }

    [Fact]
    public void Update_LowerLowLowerRsi_NoDivergence()
    {
        var (kinds, divergence) = Run(FromLows(_lowerLow), rsiAt: new() { [2] = 25, [6] = 20 });
        Assert.All(kinds, k => Assert.Equal(DivergenceKind.None, k));
        Assert.Null(divergence.LastDivergence);
    }

    [Fact]
    public void Update_EqualLowsHigherRsi_NoDivergenceBecauseTheLowIsNotLower()
    {
        double[] lows = [.. _lowerLow];
        lows[6] = 10;
        var (kinds, _) = Run(FromLows(lows), rsiAt: new() { [2] = 25, [6] = 50 });
        Assert.All(kinds, k => Assert.Equal(DivergenceKind.None, k));
    }

    [Fact]
    public void Update_PivotWithNaNRsi_IsSkippedAndTheNextComparesWithTheOneBefore()
    {
        // A third, still lower pivot low at index 10 (6). B (index 6) has no RSI and is ignored, so C is compared
        // with A: 6 < 10 and 30 > 25 → bullish on index 12. Had B counted (RSI 50), C's 30 would not be higher.
        double[] lows = [.. _lowerLow, 11, 6, 9, 10];
        var (kinds, divergence) = Run(FromLows(lows), rsiAt: new() { [2] = 25, [6] = double.NaN, [10] = 30 });

        Assert.Equal(DivergenceKind.None, kinds[8]);
        Assert.Equal(DivergenceKind.Bullish, kinds[12]);
        Assert.Equal(2, divergence.LastDivergence!.Value.Previous.Index);
    }

    [Fact]
    public void Update_HigherHighLowerRsi_BearishOnConfirmingCandle()
    {
        // The mirror image of _lowerLow: pivot highs at index 2 (90) and 6 (92, higher).
        var highs = _lowerLow.Select(low => 100 - low).ToArray();
        var candles = highs.Select((h, i) => TestCandles.Bar(i, h, h - 2, h - 1)).ToArray();
        var (kinds, divergence) = Run(candles, rsiAt: new() { [2] = 75, [6] = 60 });

        Assert.Equal(DivergenceKind.Bearish, kinds[8]);
        Assert.Equal(1, kinds.Count(k => k != DivergenceKind.None));
        Assert.Equal((90.0, 92.0), (divergence.LastDivergence!.Value.Previous.Price, divergence.LastDivergence!.Value.Current.Price));
    }

    [Fact]
    public void Compute_RealRsi_EqualsIncremental()
    {
        var candles = TestCandles.Load(TestCandles.Btc);
        var rsi = new double[candles.Length];
        Rsi.Compute(Closes(candles), rsi);
        var batch = new DivergenceKind[candles.Length];
        RsiDivergence.Compute(candles, rsi, batch);

        var divergence = new RsiDivergence();
        var incremental = candles.Select((c, i) => divergence.Update(c, rsi[i])).ToArray();

        Assert.Equal(batch, incremental);
        Assert.Contains(DivergenceKind.Bullish, batch);
        Assert.Contains(DivergenceKind.Bearish, batch);
    }

    [Fact]
    public void Compute_RsiOfAnotherLength_ThrowsNamingRsi()
    {
        var ex = Assert.Throws<ArgumentException>(() => RsiDivergence.Compute(FromLows(_lowerLow), new double[3], new DivergenceKind[_lowerLow.Length]));
        Assert.Equal("rsi", ex.ParamName);
    }

    protected override RsiDivergence CreateIndicator() => new(Side, Side);

    protected override void Update(RsiDivergence indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = Encode(indicator.Update(candle, Oscillator(candle)));

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs)
    {
        var oscillator = new double[candles.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            oscillator[i] = Oscillator(candles[i]);
        }

        var kinds = new DivergenceKind[candles.Length];
        RsiDivergence.Compute(candles, oscillator, kinds, Side, Side);
        for (var i = 0; i < kinds.Length; i++)
        {
            outputs[0][i] = Encode(kinds[i]);
        }
    }

    private static double Oscillator(in Candle c) => c.High > c.Low ? 100 * (c.Close - c.Low) / (c.High - c.Low) : double.NaN;

    private static double Encode(DivergenceKind kind) => kind switch
    {
        DivergenceKind.Bullish => 1,
        DivergenceKind.Bearish => -1,
        _ => double.NaN,
    };

    private static Candle[] FromLows(double[] lows) => [.. lows.Select((l, i) => TestCandles.Bar(i, l + 2, l, l + 1))];

    private static (DivergenceKind[] Kinds, RsiDivergence Divergence) Run(Candle[] candles, Dictionary<int, double> rsiAt)
    {
        var divergence = new RsiDivergence(Side, Side);
        var kinds = candles.Select((c, i) => divergence.Update(c, rsiAt.GetValueOrDefault(i, 40))).ToArray();
        return (kinds, divergence);
    }
}
