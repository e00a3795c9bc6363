using System.Runtime.CompilerServices;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Wilder's smoothing (an EMA with <c>α = 1 / period</c>), used by <see cref="Rsi"/> and <see cref="Atr"/>:
/// the first average is the plain mean of the first <c>period</c> inputs, then
/// <c>avg = avg·(period − 1)/period + x/period</c>.
/// </summary>
public static class Wilder
{
    /// <summary>The first average: the mean of the first <paramref name="period"/> inputs, given their sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Seed(double sum, int period) => sum / period;

    /// <summary>
    /// The next average from the previous one and input <paramref name="x"/>.
    /// <paramref name="keep"/> is <c>(period − 1)/period</c> and <paramref name="inverse"/> is <c>1/period</c>
    /// (see <see cref="Keep"/>, <see cref="Inverse"/>); one fused multiply-add keeps the loop-carried chain short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(double previous, double x, double keep, double inverse) =>
        Math.FusedMultiplyAdd(previous, keep, x * inverse);

    /// <summary>The weight of the previous average: <c>(period − 1) / period</c>.</summary>
    public static double Keep(int period) => (period - 1.0) / period;

    /// <summary>The weight of the new input: <c>1 / period</c>.</summary>
    public static double Inverse(int period) => 1.0 / period;
}
