using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// On-Balance Volume: starts at 0 on the first candle; each later candle adds its volume when it closes
/// above the previous close, subtracts it when below, and leaves the total unchanged on an equal close.
/// </summary>
public sealed class Obv : IIndicator
{
    private long _lastTimeMs = TimeOrder.None;
    private double _previousClose = double.NaN;

    /// <summary>Inputs needed until the first value: 1 (the first candle gives 0).</summary>
    public int WarmUpPeriod => 1;

    /// <summary>True once a candle has been added.</summary>
    public bool IsReady => !double.IsNaN(Value);

    /// <summary>The running OBV in base-currency volume (NaN before the first candle).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>Adds a candle (open times strictly increasing) and returns the new OBV.</summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public double Update(in Candle candle)
    {
        FiniteInput.Check(nameof(Obv), candle);
        _lastTimeMs = TimeOrder.Next(nameof(Obv), candle.OpenTimeMs, _lastTimeMs);
        Value = Next(Value, _previousClose, candle.Close, candle.Volume);
        _previousClose = candle.Close;
        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _lastTimeMs = TimeOrder.None;
        _previousClose = double.NaN;
        Value = double.NaN;
    }

    /// <summary>Writes the OBV of <paramref name="input"/> to <paramref name="output"/> (0 at index 0).</summary>
    /// <param name="input">Candles, open times strictly increasing.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase.</exception>
    public static void Compute(ReadOnlySpan<Candle> input, Span<double> output)
    {
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        var lastTimeMs = TimeOrder.None;
        var obv = double.NaN;
        var previousClose = double.NaN;
        for (var i = 0; i < input.Length; i++)
        {
            FiniteInput.CheckAt(nameof(Obv), input[i], i);
            lastTimeMs = TimeOrder.Next(nameof(Obv), input[i].OpenTimeMs, lastTimeMs);
            obv = Next(obv, previousClose, input[i].Close, input[i].Volume);
            previousClose = input[i].Close;
            output[i] = obv;
        }
    }

    /// <summary>The next OBV (shared math); a NaN previous OBV means "first candle" and gives 0.</summary>
    private static double Next(double obv, double previousClose, double close, double volume)
    {
        if (double.IsNaN(obv))
        {
            return 0;
        }

        return close > previousClose ? obv + volume
            : close < previousClose ? obv - volume
            : obv;
    }
}
