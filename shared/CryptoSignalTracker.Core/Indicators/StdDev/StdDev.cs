namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Population standard deviation (divides by <c>period</c>, not <c>period - 1</c>) of the last
/// <c>period</c> inputs, computed in two passes over the window (mean, then squared deviations) for accuracy.
/// Warm-up: <c>period</c> inputs (the first value is at index <c>period − 1</c>).
/// </summary>
public sealed class StdDev : IIndicator
{
    private readonly SlidingWindow<double> _window;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates a standard deviation over <paramref name="period"/> inputs (at least 1).</summary>
    public StdDev(int period)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        Period = period;
        _window = new SlidingWindow<double>(period);
    }

    /// <summary>Number of inputs in the window.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period</c>.</summary>
    public int WarmUpPeriod => Period;

    /// <summary>True once a value is available.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>The latest population standard deviation (NaN during warm-up).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>The mean of the latest window (NaN during warm-up).</summary>
    public double Mean { get; private set; } = double.NaN;

    /// <summary>Adds the value at <paramref name="timeMs"/> (strictly increasing) and returns the new standard deviation.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double value)
    {
        FiniteInput.Check(nameof(StdDev), value, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(StdDev), timeMs, _lastTimeMs);
        _window.Add(value);
        if (_window.IsFull)
        {
            var window = _window.Items;
            Mean = Sma.Mean(window);
            Value = Population(window, Mean);
        }
        else
        {
            Mean = double.NaN;
            Value = double.NaN;
        }

        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _window.Clear();
        _lastTimeMs = TimeOrder.None;
        Value = double.NaN;
        Mean = double.NaN;
    }

    /// <summary>Writes the population standard deviation of <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">Values, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>; NaN during warm-up.</param>
    /// <param name="period">Window length (at least 1).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(nameof(StdDev), input);
        for (var i = 0; i < input.Length; i++)
        {
            if (i + 1 < period)
            {
                output[i] = double.NaN;
                continue;
            }

            var window = input.Slice(i + 1 - period, period);
            output[i] = Population(window, Sma.Mean(window));
        }
    }

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
}
