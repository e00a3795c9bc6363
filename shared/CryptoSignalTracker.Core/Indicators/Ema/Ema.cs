namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Exponential moving average with smoothing <c>k = 2 / (period + 1)</c>, seeded with the SMA of the first
/// <c>period</c> inputs (as Skender's Stock.Indicators and TA-Lib do). Warm-up: <c>period</c> inputs (the first value
/// is at index <c>period − 1</c>).
/// </summary>
public sealed class Ema : IIndicator
{
    private EmaState _state;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates an EMA over <paramref name="period"/> inputs (at least 1).</summary>
    public Ema(int period)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        Period = period;
        _state = new EmaState(period);
    }

    /// <summary>The EMA period.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period</c>.</summary>
    public int WarmUpPeriod => Period;

    /// <summary>True once a value is available.</summary>
    public bool IsReady => _state.IsReady;

    /// <summary>The latest EMA (NaN during warm-up).</summary>
    public double Value => _state.Value;

    /// <summary>Adds the value at <paramref name="timeMs"/> (strictly increasing) and returns the new EMA.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double value)
    {
        FiniteInput.Check(nameof(Ema), value, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(Ema), timeMs, _lastTimeMs);
        return _state.Add(value);
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _state = new EmaState(Period);
        _lastTimeMs = TimeOrder.None;
    }

    /// <summary>Writes the EMA of <paramref name="input"/> to <paramref name="output"/> (NaN during warm-up).</summary>
    /// <param name="input">Values, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="period">EMA period (at least 1).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(nameof(Ema), input);
        output = output[..input.Length];
        var state = new EmaState(period);
        var i = 0;
        for (; i < input.Length && !state.IsReady; i++)
        {
            output[i] = state.Add(input[i]);
        }

        // After the seed the loop keeps the EMA in a local (a register): same math as Add, no memory round trip.
        var (ema, keep, k) = (state.Value, state.Keep, state.K);
        for (; i < input.Length; i++)
        {
            ema = EmaState.Step(ema, input[i], keep, k);
            output[i] = ema;
        }
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        _state.Save(state);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        _state.Load(state);
    }
}
