namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Population standard deviation (divides by <c>period</c>, not <c>period - 1</c>) of the last
/// <c>period</c> inputs, computed in two passes over the window (mean, then squared deviations) for accuracy.
/// Warm-up: <c>period</c> inputs (the first value is at index <c>period − 1</c>).
/// </summary>
public sealed class StdDev : WindowIndicator
{
    /// <summary>Creates a standard deviation over <paramref name="period"/> inputs (at least 1).</summary>
    public StdDev(int period)
        : base(nameof(StdDev), period, 1)
    {
    }

    /// <summary>The mean of the latest window (NaN during warm-up).</summary>
    public double Mean => IsReady ? Sma.Mean(Window) : double.NaN;

    /// <summary>Writes the population standard deviation of <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">Values, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>; NaN during warm-up.</param>
    /// <param name="period">Window length (at least 1).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period) =>
        ComputeAll(nameof(StdDev), input, output, period, 1, Population);

    /// <summary>Population standard deviation of <paramref name="window"/> around <paramref name="mean"/> (shared math).</summary>
    internal static double Population(ReadOnlySpan<double> window, double mean)
    {
        var sumSquares = 0.0;
        foreach (var x in window)
        {
            var d = x - mean;
            sumSquares += d * d;
        }

        return Math.Sqrt(sumSquares / window.Length);
    }

    private protected override double Of(ReadOnlySpan<double> window) => Population(window);

    /// <summary>Population standard deviation of <paramref name="window"/> around its own mean.</summary>
    private static double Population(ReadOnlySpan<double> window) => Population(window, Sma.Mean(window));
}
