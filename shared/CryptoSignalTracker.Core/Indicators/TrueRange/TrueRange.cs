using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// True range: <c>max(high − low, |high − previous close|, |low − previous close|)</c>.
/// The first candle has no previous close, so the first value comes with the second candle (index 1; NaN at 0, as in
/// Skender's series).
/// </summary>
public sealed class TrueRange : IIndicator
{
    private TrueRangeState _state = new(nameof(TrueRange));

    /// <summary>Inputs needed until the first value: 2.</summary>
    public int WarmUpPeriod => 2;

    /// <summary>True once a value is available.</summary>
    public bool IsReady => !double.IsNaN(Value);

    /// <summary>The latest true range (NaN for the first candle).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>Adds a candle (open times strictly increasing) and returns its true range.</summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public double Update(in Candle candle)
    {
        Value = _state.Add(candle);
        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _state = new TrueRangeState(nameof(TrueRange));
        Value = double.NaN;
    }

    /// <summary>Writes the true range of each candle to <paramref name="output"/> (NaN at index 0).</summary>
    /// <param name="input">Candles, open times strictly increasing.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase.</exception>
    public static void Compute(ReadOnlySpan<Candle> input, Span<double> output)
    {
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        var state = new TrueRangeState(nameof(TrueRange));
        for (var i = 0; i < input.Length; i++)
        {
            FiniteInput.CheckAt(nameof(TrueRange), input[i], i);
            output[i] = state.Add(input[i]);
        }
    }

    /// <summary>The true range of a bar given the previous bar's close.</summary>
    public static double Of(double high, double low, double previousClose) =>
        Math.Max(high - low, Math.Max(Math.Abs(high - previousClose), Math.Abs(low - previousClose)));
}
