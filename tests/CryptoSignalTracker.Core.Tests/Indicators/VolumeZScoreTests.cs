using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class VolumeZScoreTests : IndicatorTestBase<VolumeZScore>
{
    private const int Period = 3;

    protected override string[] OutputNames => ["zscore"];

    protected override int ExpectedWarmUpPeriod => Period;

    /// <summary>
    /// Volumes 1,2,3,3,3,3,6 over 3: [1,2,3] mean 2, σ² 2/3 → z √1.5; [2,3,3] mean 8/3, σ² 2/9 → z √0.5;
    /// [3,3,3] σ 0 → NaN (twice); [3,3,6] mean 4, σ² 2 → z √2.
    /// </summary>
    protected override ReferenceCase Reference =>
        new(
            [.. new double[] { 1, 2, 3, 3, 3, 3, 6 }.Select((v, i) => TestCandles.Bar(i, 2, 1, 1.5, v))],
            [[double.NaN, double.NaN, Math.Sqrt(1.5), Math.Sqrt(0.5), double.NaN, double.NaN, Math.Sqrt(2)]]);

    [Fact]
    public void Constructor_PeriodBelowTwo_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeZScore(1));

    [Fact]
    public void Update_OneSpikeInDefaultWindow_GivesRootOfPeriodMinusOne()
    {
        // One outlier among n otherwise equal values always has z = √(n − 1).
        var z = new VolumeZScore();
        for (var i = 0; i < VolumeZScore.DefaultPeriod - 1; i++)
        {
            z.Update(i, 1);
        }

        Assert.Equal(Math.Sqrt(VolumeZScore.DefaultPeriod - 1), z.Update(VolumeZScore.DefaultPeriod, 20), 12);
    }

    protected override VolumeZScore CreateIndicator() => new(Period);

    protected override void Update(VolumeZScore indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle.OpenTimeMs, candle.Volume);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        VolumeZScore.Compute(Volumes(candles), outputs[0], Period);
}
