using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Volume-weighted average price: Σ(typical price × volume) / Σ volume, typical price = (high + low + close)/3,
/// accumulated from the first candle, and (by default) restarted on the first candle of each UTC day.
/// NaN while the accumulated volume is 0. Warm-up: 1 input (the first candle with volume gives a value).
/// </summary>
public sealed class Vwap : IIndicator
{
    private VwapState _state;

    /// <summary>Creates a VWAP.</summary>
    /// <param name="resetDaily">Restart the sums on the first candle of each UTC day (default true).</param>
    public Vwap(bool resetDaily = true)
    {
        ResetDaily = resetDaily;
        _state = new VwapState(resetDaily);
    }

    /// <summary>Whether the sums restart at each UTC day start.</summary>
    public bool ResetDaily { get; }

    /// <summary>Inputs needed until the first value: 1.</summary>
    public int WarmUpPeriod => 1;

    /// <summary>True once a candle has been added.</summary>
    public bool IsReady => _state.HasInput;

    /// <summary>The latest VWAP (NaN before the first candle with volume in the current session).</summary>
    public double Value => _state.Value;

    /// <summary>Adds a candle (open times strictly increasing) and returns the new VWAP.</summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public double Update(in Candle candle) => _state.Add(candle);

    /// <summary>Forgets every input.</summary>
    public void Reset() => _state = new VwapState(ResetDaily);

    /// <summary>Writes the VWAP after each candle to <paramref name="output"/>.</summary>
    /// <param name="input">Candles, open times strictly increasing.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="resetDaily">Restart at each UTC day start (default true).</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase.</exception>
    public static void Compute(ReadOnlySpan<Candle> input, Span<double> output, bool resetDaily = true)
    {
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        var state = new VwapState(resetDaily);
        for (var i = 0; i < input.Length; i++)
        {
            FiniteInput.CheckAt(nameof(Vwap), input[i], i);
            output[i] = state.Add(input[i]);
        }
    }
}
