using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// The NaN rule every indicator shares (see <see cref="IIndicator"/>): an input that is NaN or ±infinity is refused
/// with an error naming the indicator, the value and where it was, before anything is changed.
/// The throws live in their own methods so that the checks stay tiny and inlinable in hot loops.
/// </summary>
internal static class FiniteInput
{
    // A double is NaN or ±infinity exactly when all its exponent bits are set.
    private const long ExponentBits = 0x7FF0_0000_0000_0000L;

    /// <summary>Returns <paramref name="value"/> when finite; throws naming the indicator, the value and its time otherwise.</summary>
    public static double Check(string indicator, double value, long timeMs)
    {
        if (!double.IsFinite(value))
        {
            ThrowAt(indicator, "input", value, timeMs);
        }

        return value;
    }

    /// <summary>Throws unless the candle's open, high, low, close and volume are all finite.</summary>
    public static void Check(string indicator, in Candle candle)
    {
        if (!IsFinite(candle))
        {
            ThrowAt(indicator, FirstBad(candle, out var value), value, candle.OpenTimeMs);
        }
    }

    /// <summary>Throws at the first non-finite value of a batch input, naming its index (one vectorised pass before the math: nothing is written).</summary>
    public static void CheckAll(string indicator, ReadOnlySpan<double> input)
    {
        var bits = MemoryMarshal.Cast<double, long>(input);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mask = new Vector<long>(ExponentBits);
            for (; i + Vector<long>.Count <= bits.Length; i += Vector<long>.Count)
            {
                if (Vector.EqualsAny(new Vector<long>(bits[i..]) & mask, mask))
                {
                    break; // the scalar loop below finds which
                }
            }
        }

        for (; i < input.Length; i++)
        {
            if (!double.IsFinite(input[i]))
            {
                ThrowAtIndex(indicator, "input", input[i], i);
            }
        }
    }

    /// <summary>As <see cref="CheckAll(string, ReadOnlySpan{double})"/> but NaN is allowed (an input that says "no value yet").</summary>
    public static void CheckAllOrNaN(string indicator, ReadOnlySpan<double> input)
    {
        for (var i = 0; i < input.Length; i++)
        {
            if (double.IsInfinity(input[i]))
            {
                ThrowAtIndex(indicator, "input", input[i], i);
            }
        }
    }

    /// <summary>
    /// Throws unless candle <paramref name="index"/> of a batch has finite prices and volume, naming the index. Candle
    /// batches check in their own loop, not in a pass of their own: a candle is ten times a double, and a second pass
    /// over them cost as much as ATR itself.
    /// </summary>
    public static void CheckAt(string indicator, in Candle candle, int index)
    {
        if (!IsFinite(candle))
        {
            ThrowAtIndex(indicator, FirstBad(candle, out var value), value, index);
        }
    }

    /// <summary>Throws at the first candle of a batch with a non-finite price or volume, naming its index.</summary>
    public static void CheckAll(string indicator, ReadOnlySpan<Candle> input)
    {
        for (var i = 0; i < input.Length; i++)
        {
            if (!IsFinite(input[i]))
            {
                ThrowAtIndex(indicator, FirstBad(input[i], out var value), value, i);
            }
        }
    }

    private static bool IsFinite(in Candle c) =>
        double.IsFinite(c.Open) && double.IsFinite(c.High) && double.IsFinite(c.Low) && double.IsFinite(c.Close) && double.IsFinite(c.Volume);

    private static string FirstBad(in Candle c, out double value)
    {
        (string Name, double Value)[] fields = [("open", c.Open), ("high", c.High), ("low", c.Low), ("close", c.Close), ("volume", c.Volume)];
        foreach (var (name, v) in fields)
        {
            if (!double.IsFinite(v))
            {
                value = v;
                return name;
            }
        }

        value = double.NaN;
        return "input";
    }

    [DoesNotReturn]
    private static void ThrowAt(string indicator, string what, double value, long timeMs) =>
        throw new ArgumentException(
            $"{indicator}: {what} at {TimeOrder.Describe(timeMs)} is {Format(value)}; inputs must be finite numbers (the input was not added)",
            nameof(value));

    [DoesNotReturn]
    private static void ThrowAtIndex(string indicator, string what, double value, int index) =>
        throw new ArgumentException(
            $"{indicator}: {what}[{index}] is {Format(value)}; inputs must be finite numbers",
            nameof(value));

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
