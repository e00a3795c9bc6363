namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Moving Average Convergence/Divergence: MACD line = EMA(fast) − EMA(slow) of closes; signal = EMA(signal)
/// of the MACD line; histogram = MACD − signal. Every EMA is seeded with the SMA of its first inputs
/// (<see cref="Ema"/>). Warm-up: the MACD line needs <c>slow</c> inputs (<see cref="WarmUpPeriod"/>; index
/// <c>slow − 1</c>), the signal and histogram <c>slow + signal − 1</c> (<see cref="SignalWarmUpPeriod"/>; index <c>slow + signal − 2</c>).
/// </summary>
public sealed class Macd : IIndicator
{
    /// <summary>Default fast EMA period, 12.</summary>
    public const int DefaultFast = 12;

    /// <summary>Default slow EMA period, 26.</summary>
    public const int DefaultSlow = 26;

    /// <summary>Default signal EMA period, 9.</summary>
    public const int DefaultSignal = 9;

    private MacdState _state;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates a MACD(fast, slow, signal); defaults 12, 26, 9.</summary>
    /// <param name="fast">Fast EMA period (at least 1).</param>
    /// <param name="slow">Slow EMA period (greater than <paramref name="fast"/>).</param>
    /// <param name="signal">Signal EMA period (at least 1).</param>
    public Macd(int fast = DefaultFast, int slow = DefaultSlow, int signal = DefaultSignal)
    {
        Validate(fast, slow, signal);
        FastPeriod = fast;
        SlowPeriod = slow;
        SignalPeriod = signal;
        _state = new MacdState(fast, slow, signal);
    }

    /// <summary>Fast EMA period.</summary>
    public int FastPeriod { get; }

    /// <summary>Slow EMA period.</summary>
    public int SlowPeriod { get; }

    /// <summary>Signal EMA period.</summary>
    public int SignalPeriod { get; }

    /// <summary>Inputs needed until the first MACD line value: <c>slow</c>.</summary>
    public int WarmUpPeriod => SlowPeriod;

    /// <summary>Inputs needed until the first signal and histogram value: <c>slow + signal − 1</c>.</summary>
    public int SignalWarmUpPeriod => SlowPeriod + SignalPeriod - 1;

    /// <summary>True once the MACD line is available (the signal needs <see cref="SignalWarmUpPeriod"/>).</summary>
    public bool IsReady => _state.IsReady;

    /// <summary>The latest MACD line (NaN during warm-up).</summary>
    public double Value => _state.Value;

    /// <summary>The latest signal line (NaN until <see cref="SignalWarmUpPeriod"/> inputs have passed).</summary>
    public double Signal => _state.Signal;

    /// <summary>The latest histogram, MACD − signal (NaN while the signal is).</summary>
    public double Histogram => _state.Histogram;

    /// <summary>The latest fast EMA.</summary>
    public double FastEma => _state.FastEma;

    /// <summary>The latest slow EMA.</summary>
    public double SlowEma => _state.SlowEma;

    /// <summary>Adds the close at <paramref name="timeMs"/> (strictly increasing) and returns the MACD line.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double close)
    {
        FiniteInput.Check(nameof(Macd), close, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(Macd), timeMs, _lastTimeMs);
        return _state.Add(close);
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _state = new MacdState(FastPeriod, SlowPeriod, SignalPeriod);
        _lastTimeMs = TimeOrder.None;
    }

    /// <summary>Writes MACD line, signal and histogram of <paramref name="input"/> closes (NaN during warm-up).</summary>
    /// <param name="input">Closes, oldest first.</param>
    /// <param name="macd">MACD line; at least as long as the input.</param>
    /// <param name="signal">Signal line; at least as long as the input.</param>
    /// <param name="histogram">Histogram; at least as long as the input.</param>
    /// <param name="fast">Fast EMA period (default 12).</param>
    /// <param name="slow">Slow EMA period (default 26).</param>
    /// <param name="signalPeriod">Signal EMA period (default 9).</param>
    public static void Compute(
        ReadOnlySpan<double> input,
        Span<double> macd,
        Span<double> signal,
        Span<double> histogram,
        int fast = DefaultFast,
        int slow = DefaultSlow,
        int signalPeriod = DefaultSignal)
    {
        Validate(fast, slow, signalPeriod);
        IndicatorArguments.OutputFits(input.Length, macd.Length, nameof(macd));
        IndicatorArguments.OutputFits(input.Length, signal.Length, nameof(signal));
        IndicatorArguments.OutputFits(input.Length, histogram.Length, nameof(histogram));
        FiniteInput.CheckAll(nameof(Macd), input);
        var state = new MacdState(fast, slow, signalPeriod);
        for (var i = 0; i < input.Length; i++)
        {
            macd[i] = state.Add(input[i]);
            signal[i] = state.Signal;
            histogram[i] = state.Histogram;
        }
    }

    private static void Validate(int fast, int slow, int signal)
    {
        IndicatorArguments.AtLeast(fast, 1, nameof(fast));
        IndicatorArguments.AtLeast(signal, 1, nameof(signal));
        if (slow <= fast)
        {
            throw new ArgumentOutOfRangeException(nameof(slow), slow, $"slow must be greater than fast ({fast})");
        }
    }
}
