namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// How unusual the latest volume is: <c>(v − mean)/σ</c> over the last <c>period</c> volumes including the
/// current one, σ the population standard deviation. NaN during warm-up and when σ is 0 (all volumes equal).
/// Warm-up: <c>period</c> inputs (the first value is at index <c>period − 1</c>).
/// </summary>
public sealed class VolumeZScore : WindowIndicator
{
    /// <summary>Default window, 20 candles.</summary>
    public const int DefaultPeriod = 20;

    private const int MinimumPeriod = 2;

    /// <summary>Creates a volume z-score over <paramref name="period"/> volumes (at least 2; default 20).</summary>
    public VolumeZScore(int period = DefaultPeriod)
        : base(nameof(VolumeZScore), period, MinimumPeriod)
    {
    }

    /// <summary>Writes the z-score of each volume to <paramref name="output"/>.</summary>
    /// <param name="input">Volumes, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="period">Window length (at least 2; default 20).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period = DefaultPeriod) =>
        ComputeAll(nameof(VolumeZScore), input, output, period, MinimumPeriod, ZScore);

    /// <summary>The z-score of the window's last element within the window (shared math).</summary>
    private static double ZScore(ReadOnlySpan<double> window)
    {
        var mean = Sma.Mean(window);
        var sigma = StdDev.Population(window, mean);
        return sigma > 0 ? (window[^1] - mean) / sigma : double.NaN;
    }

    private protected override double Of(ReadOnlySpan<double> window) => ZScore(window);
}
