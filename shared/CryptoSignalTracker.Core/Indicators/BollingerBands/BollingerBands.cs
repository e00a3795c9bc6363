namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Bollinger Bands: middle = SMA(period) of the input, upper/lower = middle ± k·σ with σ the
/// <b>population</b> standard deviation of the same window (<see cref="StdDev"/>), and
/// %B = (x − lower)/(upper − lower) (NaN when the bands coincide). Warm-up: <c>period</c> inputs (the first value is at index <c>period − 1</c>).
/// </summary>
public sealed class BollingerBands : IIndicator
{
    /// <summary>Default period, 20.</summary>
    public const int DefaultPeriod = 20;

    /// <summary>Default band width in standard deviations, 2.</summary>
    public const double DefaultK = 2.0;

    private readonly SlidingWindow<double> _window;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates Bollinger Bands; defaults period 20, k 2.</summary>
    /// <param name="period">Window length (at least 1).</param>
    /// <param name="k">Band half-width in standard deviations (finite, not negative).</param>
    public BollingerBands(int period = DefaultPeriod, double k = DefaultK)
    {
        Validate(period, k);
        Period = period;
        K = k;
        _window = new SlidingWindow<double>(period);
    }

    /// <summary>Window length.</summary>
    public int Period { get; }

    /// <summary>Band half-width in standard deviations.</summary>
    public double K { get; }

    /// <summary>Inputs needed until the first value: <c>period</c>.</summary>
    public int WarmUpPeriod => Period;

    /// <summary>True once values are available.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>Middle band (the SMA); NaN during warm-up.</summary>
    public double Middle { get; private set; } = double.NaN;

    /// <summary>Upper band; NaN during warm-up.</summary>
    public double Upper { get; private set; } = double.NaN;

    /// <summary>Lower band; NaN during warm-up.</summary>
    public double Lower { get; private set; } = double.NaN;

    /// <summary>Where the latest input sits between the bands (0 = lower, 1 = upper); NaN during warm-up or when the bands coincide.</summary>
    public double PercentB { get; private set; } = double.NaN;

    /// <summary>Adds the value at <paramref name="timeMs"/> (strictly increasing) and returns the middle band.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double value)
    {
        FiniteInput.Check(nameof(BollingerBands), value, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(BollingerBands), timeMs, _lastTimeMs);
        _window.Add(value);
        if (_window.IsFull)
        {
            Bands(_window.Items, K, out var middle, out var upper, out var lower, out var percentB);
            (Middle, Upper, Lower, PercentB) = (middle, upper, lower, percentB);
        }

        return Middle;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _window.Clear();
        _lastTimeMs = TimeOrder.None;
        (Middle, Upper, Lower, PercentB) = (double.NaN, double.NaN, double.NaN, double.NaN);
    }

    /// <summary>Writes the bands of <paramref name="input"/> (NaN during warm-up).</summary>
    /// <param name="input">Values, oldest first.</param>
    /// <param name="middle">Middle band; at least as long as the input.</param>
    /// <param name="upper">Upper band; at least as long as the input.</param>
    /// <param name="lower">Lower band; at least as long as the input.</param>
    /// <param name="percentB">%B; at least as long as the input.</param>
    /// <param name="period">Window length (default 20).</param>
    /// <param name="k">Band half-width in standard deviations (default 2).</param>
    public static void Compute(
        ReadOnlySpan<double> input,
        Span<double> middle,
        Span<double> upper,
        Span<double> lower,
        Span<double> percentB,
        int period = DefaultPeriod,
        double k = DefaultK)
    {
        Validate(period, k);
        IndicatorArguments.OutputFits(input.Length, middle.Length, nameof(middle));
        IndicatorArguments.OutputFits(input.Length, upper.Length, nameof(upper));
        IndicatorArguments.OutputFits(input.Length, lower.Length, nameof(lower));
        IndicatorArguments.OutputFits(input.Length, percentB.Length, nameof(percentB));
        FiniteInput.CheckAll(nameof(BollingerBands), input);
        for (var i = 0; i < input.Length; i++)
        {
            if (i + 1 < period)
            {
                (middle[i], upper[i], lower[i], percentB[i]) = (double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }

            Bands(input.Slice(i + 1 - period, period), k, out middle[i], out upper[i], out lower[i], out percentB[i]);
        }
    }

    /// <summary>The bands of one full window whose last element is the current input (shared math).</summary>
    private static void Bands(ReadOnlySpan<double> window, double k, out double middle, out double upper, out double lower, out double percentB)
    {
        middle = Sma.Mean(window);
        var sigma = StdDev.Population(window, middle);
        upper = middle + (k * sigma);
        lower = middle - (k * sigma);
        var width = upper - lower;
        percentB = width > 0 ? (window[^1] - lower) / width : double.NaN;
    }

    private static void Validate(int period, double k)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        if (!double.IsFinite(k) || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be a finite number of standard deviations, 0 or more");
        }
    }
}
