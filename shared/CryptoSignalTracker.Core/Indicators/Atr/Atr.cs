using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Wilder's Average True Range. The first value, with candle number <c>period + 1</c> (<see cref="WarmUpPeriod"/>;
/// index <c>period</c>), is the mean of the true ranges at
/// indices 1..period (index 0 has no true range); afterwards <see cref="Wilder"/> smoothing.
/// </summary>
public sealed class Atr : IIndicator
{
    /// <summary>The usual period, 14.</summary>
    public const int DefaultPeriod = 14;

    private AtrState _state;

    /// <summary>Creates an ATR over <paramref name="period"/> true ranges (at least 1; default 14).</summary>
    public Atr(int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        Period = period;
        _state = new AtrState(period);
    }

    /// <summary>The ATR period.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period + 1</c> (the first candle has no true range).</summary>
    public int WarmUpPeriod => Period + 1;

    /// <summary>True once a value is available.</summary>
    public bool IsReady => _state.IsReady;

    /// <summary>The latest ATR in price units (NaN during warm-up).</summary>
    public double Value => _state.Value;

    /// <summary>The latest candle's true range (NaN for the first candle).</summary>
    public double TrueRange => _state.TrueRange;

    /// <summary>Adds a candle (open times strictly increasing) and returns the new ATR.</summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public double Update(in Candle candle) => _state.Add(candle);

    /// <summary>
    /// The ATR <see cref="Update"/> would return for <paramref name="candle"/>, leaving the indicator unchanged (a
    /// still-forming candle): the same step on a copy of the state.
    /// </summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public double Peek(in Candle candle)
    {
        var copy = _state;
        return copy.Add(candle);
    }

    /// <summary>Forgets every input.</summary>
    public void Reset() => _state = new AtrState(Period);

    /// <summary>Writes the ATR of <paramref name="input"/> to <paramref name="output"/> (NaN during warm-up).</summary>
    /// <param name="input">Candles, open times strictly increasing.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="period">ATR period (at least 1; default 14).</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase.</exception>
    public static void Compute(ReadOnlySpan<Candle> input, Span<double> output, int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        output = output[..input.Length];
        var state = new AtrState(period);
        var i = 0;
        for (; i < input.Length && !state.IsReady; i++)
        {
            FiniteInput.CheckAt(nameof(Atr), input[i], i);
            output[i] = state.Add(input[i]);
        }

        // After the warm-up the loop keeps its state in locals (registers); the math is AtrState.Add's steady step.
        var (atr, keep, inverse) = (state.Value, state.Keep, state.Inverse);
        var (previousClose, lastTimeMs) = (state.PreviousClose, state.LastTimeMs);
        for (; i < input.Length; i++)
        {
            ref readonly var candle = ref input[i];
            FiniteInput.CheckAt(nameof(Atr), candle, i);
            lastTimeMs = TimeOrder.Next(nameof(Atr), candle.OpenTimeMs, lastTimeMs);
            atr = Wilder.Next(atr, Indicators.TrueRange.Of(candle.High, candle.Low, previousClose), keep, inverse);
            previousClose = candle.Close;
            output[i] = atr;
        }
    }

    /// <summary>
    /// Writes the ATR of candles given as three arrays (oldest first, one length) to <paramref name="output"/>: the
    /// same values as <see cref="Compute(ReadOnlySpan{Candle}, Span{double}, int)"/> on those candles, read from 24 bytes
    /// a candle instead of a whole <see cref="Candle"/> (72), for callers that hold columns (the batch is memory-bound).
    /// Arrays carry no times, so nothing is checked for order.
    /// </summary>
    /// <param name="high">Highs.</param>
    /// <param name="low">Lows, as long as <paramref name="high"/>.</param>
    /// <param name="close">Closes, as long as <paramref name="high"/>.</param>
    /// <param name="output">At least as long as the inputs.</param>
    /// <param name="period">ATR period (at least 1; default 14).</param>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> output, int period = DefaultPeriod)
    {
        IndicatorArguments.AtLeast(period, 1, nameof(period));
        if (low.Length != high.Length || close.Length != high.Length)
        {
            throw new ArgumentException($"high, low and close must have one length (got {high.Length}, {low.Length} and {close.Length})", nameof(close));
        }

        IndicatorArguments.OutputFits(high.Length, output.Length, nameof(output));
        output = output[..high.Length];
        var state = new AtrState(period);
        var i = 0;
        for (; i < high.Length && !state.IsReady; i++)
        {
            // the warm-up goes through the state's own steps; the index stands in for the (absent) open time
            output[i] = state.Add(new Candle(i, close[i], high[i], low[i], close[i], 0));
        }

        var (atr, keep, inverse, previousClose) = (state.Value, state.Keep, state.Inverse, state.PreviousClose);
        for (; i < high.Length; i++)
        {
            atr = Wilder.Next(atr, Indicators.TrueRange.Of(high[i], low[i], previousClose), keep, inverse);
            previousClose = close[i];
            output[i] = atr;
        }
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state) => _state.Save(state);

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state) => _state.Load(state);
}
