namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// How unusual the latest volume is: <c>(v − mean)/σ</c> over the last <c>period</c> volumes including the
/// current one, σ the population standard deviation. NaN during warm-up and when σ is 0 (all volumes equal).
/// Warm-up: <c>period</c> inputs (the first value is at index <c>period − 1</c>).
/// </summary>
public sealed class VolumeZScore : IIndicator
{
    /// <summary>Default window, 20 candles.</summary>
    public const int DefaultPeriod = 20;

    private const int MinimumPeriod = 2;

    private readonly SlidingWindow<double> _window;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates a volume z-score over <paramref name="period"/> volumes (at least 2; default 20).</summary>
    public VolumeZScore(int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, MinimumPeriod, nameof(period));
        Period = period;
        _window = new SlidingWindow<double>(period);
    }

    /// <summary>Window length.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period</c>.</summary>
    public int WarmUpPeriod => Period;

    /// <summary>True once the window is full (the value may still be NaN when all volumes are equal).</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>The latest z-score (NaN during warm-up or when σ is 0).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>Adds the volume at <paramref name="timeMs"/> (strictly increasing) and returns the new z-score.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double volume)
    {
        FiniteInput.Check(nameof(VolumeZScore), volume, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(VolumeZScore), timeMs, _lastTimeMs);
        _window.Add(volume);
        Value = _window.IsFull ? Of(_window.Items) : double.NaN;
        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _window.Clear();
        _lastTimeMs = TimeOrder.None;
        Value = double.NaN;
    }

    /// <summary>Writes the z-score of each volume to <paramref name="output"/>.</summary>
    /// <param name="input">Volumes, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="period">Window length (at least 2; default 20).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, MinimumPeriod, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(nameof(VolumeZScore), input);
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = i + 1 >= period ? Of(input.Slice(i + 1 - period, period)) : double.NaN;
        }
    }

    /// <summary>The z-score of the window's last element within the window (shared math).</summary>
    private static double Of(ReadOnlySpan<double> window)
    {
        var mean = Sma.Mean(window);
        var sigma = StdDev.Population(window, mean);
        return sigma > 0 ? (window[^1] - mean) / sigma : double.NaN;
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        state.Write(Value);
        _window.Save(state, static (w, x) => w.Write(x));
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        Value = state.ReadDouble();
        _window.Load(state, static r => r.ReadDouble());
    }
}
