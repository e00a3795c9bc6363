namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Wilder's Relative Strength Index over closes. The first value comes with close number <c>period + 1</c>
/// (<see cref="WarmUpPeriod"/>; index <c>period</c>), seeded with the plain mean gain and loss of the first <c>period</c> changes;
/// afterwards both averages use <see cref="Wilder"/> smoothing. All gains give 100, all losses 0, no movement 50.
/// </summary>
public sealed class Rsi : IIndicator
{
    /// <summary>The usual period, 14.</summary>
    public const int DefaultPeriod = 14;

    private RsiState _state;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates an RSI over <paramref name="period"/> changes (at least 1; default 14).</summary>
    public Rsi(int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        Period = period;
        _state = new RsiState(period);
    }

    /// <summary>The RSI period.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period + 1</c> (the first close only sets the reference price).</summary>
    public int WarmUpPeriod => Period + 1;

    /// <summary>True once a value is available.</summary>
    public bool IsReady => _state.IsReady;

    /// <summary>The latest RSI, 0 to 100 (NaN during warm-up).</summary>
    public double Value => _state.Value;

    /// <summary>Wilder's average gain behind <see cref="Value"/> (NaN during warm-up).</summary>
    public double AverageGain => _state.AverageGain;

    /// <summary>Wilder's average loss behind <see cref="Value"/> (NaN during warm-up).</summary>
    public double AverageLoss => _state.AverageLoss;

    /// <summary>Adds the close at <paramref name="timeMs"/> (strictly increasing) and returns the new RSI.</summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Update(long timeMs, double close)
    {
        FiniteInput.Check(nameof(Rsi), close, timeMs);
        _lastTimeMs = TimeOrder.Next(nameof(Rsi), timeMs, _lastTimeMs);
        return _state.Add(close);
    }

    /// <summary>
    /// The RSI <see cref="Update"/> would return for the close at <paramref name="timeMs"/>, leaving the indicator
    /// unchanged (a still-forming candle's close): the same step on a copy of the state.
    /// </summary>
    /// <exception cref="ArgumentException">The time is not after the previous input's time.</exception>
    public double Peek(long timeMs, double close)
    {
        FiniteInput.Check(nameof(Rsi), close, timeMs);
        TimeOrder.Next(nameof(Rsi), timeMs, _lastTimeMs);
        var copy = _state;
        return copy.Add(close);
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _state = new RsiState(Period);
        _lastTimeMs = TimeOrder.None;
    }

    /// <summary>Writes the RSI of <paramref name="input"/> closes to <paramref name="output"/> (NaN during warm-up).</summary>
    /// <param name="input">Closes, oldest first.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="period">RSI period (at least 1; default 14).</param>
    public static void Compute(ReadOnlySpan<double> input, Span<double> output, int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(nameof(Rsi), input);
        output = output[..input.Length];
        var state = new RsiState(period);
        var i = 0;
        for (; i < input.Length && !state.IsReady; i++)
        {
            output[i] = state.Add(input[i]);
        }

        if (i == input.Length)
        {
            return;
        }

        // After the warm-up the loop keeps its state in locals (registers), not in the struct: same math, ~4x faster.
        var (previous, averageGain, averageLoss) = (state.PreviousClose, state.AverageGain, state.AverageLoss);
        var (keep, inverse) = (state.Keep, state.Inverse);
        for (; i < input.Length; i++)
        {
            var close = input[i];
            output[i] = RsiState.Step(ref averageGain, ref averageLoss, close - previous, keep, inverse);
            previous = close;
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
