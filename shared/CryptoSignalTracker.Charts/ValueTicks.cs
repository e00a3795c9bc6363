using System.Globalization;
using ScottPlot.TickGenerators;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// Value-axis ticks on round steps (1, 2 or 5 × 10ⁿ) whose labels all carry the same number of decimals
/// (<c>0.148 0.150 0.152</c>, not <c>0.148 0.15 0.152</c>).
/// </summary>
internal static class ValueTicks
{
    private static readonly double[] _mantissas = [1, 2, 5, 10];

    /// <summary>
    /// Ticks between <paramref name="min"/> and <paramref name="max"/>, at most <paramref name="maxTicks"/>, labelled with
    /// <paramref name="suffix"/>.
    /// </summary>
    public static IReadOnlyList<(double Value, string Label)> Create(double min, double max, int maxTicks, string suffix = "")
    {
        var ticks = new List<(double, string)>();
        var step = Step(max - min, Math.Max(2, maxTicks));
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
        var format = "N" + decimals.ToString(CultureInfo.InvariantCulture);
        var first = Math.Ceiling(min / step - 1e-9);
        for (var k = first; k * step <= max + step * 1e-9; k++)
        {
            var value = k * step;
            var label = (value == 0 ? 0 : value).ToString(format, CultureInfo.InvariantCulture) + suffix;
            ticks.Add((value, label));
        }

        return ticks;
    }

    /// <summary>A ScottPlot tick generator placing exactly <paramref name="ticks"/>.</summary>
    public static NumericManual Generator(IEnumerable<(double Value, string Label)> ticks)
    {
        var generator = new NumericManual();
        foreach (var (value, label) in ticks)
        {
            generator.AddMajor(value, label);
        }

        return generator;
    }

    /// <summary>The smallest round step that splits <paramref name="range"/> into at most <paramref name="maxTicks"/> - 1 gaps.</summary>
    public static double Step(double range, int maxTicks)
    {
        if (!(range > 0) || !double.IsFinite(range))
        {
            return 1;
        }

        var rough = range / (maxTicks - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var m in _mantissas)
        {
            if (m * magnitude >= rough * (1 - 1e-9))
            {
                return m * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
