using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Indicators;

/// <summary>
/// A deterministic price walk for benchmarks. The generator is the 32-bit LCG of Numerical Recipes
/// (<c>s = s·1664525 + 1013904223 mod 2³²</c>); <c>peer/technicalindicators-rsi.js</c> implements the same
/// generator and walk, so both sides time RSI on identical closes without shipping a data file.
/// </summary>
public static class RandomWalk
{
    /// <summary>Number of candles every batch benchmark runs over.</summary>
    public const int Length = 1_000_000;

    /// <summary>The seed both sides start from.</summary>
    public const uint Seed = 20250530;

    private const double StartPrice = 30_000;
    private const double MaxStep = 20;
    private const double MaxWick = 5;
    private const double MaxVolume = 100;
    private const long MinuteMs = 60_000;
    private const double TwoToThe32 = 4294967296.0;

    /// <summary>Closes: start at 30,000, each step uniform in ±10.</summary>
    public static double[] Closes(int length = Length)
    {
        var state = Seed;
        var closes = new double[length];
        var price = StartPrice;
        for (var i = 0; i < length; i++)
        {
            price += (Next(ref state) - 0.5) * MaxStep;
            closes[i] = price;
        }

        return closes;
    }

    /// <summary>1-minute candles whose closes are <see cref="Closes"/>, with random wicks and volume.</summary>
    public static Candle[] Candles(int length = Length)
    {
        var closes = Closes(length);
        var state = ~Seed;
        var candles = new Candle[length];
        var open = StartPrice;
        for (var i = 0; i < length; i++)
        {
            var close = closes[i];
            var high = Math.Max(open, close) + (Next(ref state) * MaxWick);
            var low = Math.Min(open, close) - (Next(ref state) * MaxWick);
            candles[i] = new Candle(i * MinuteMs, open, high, low, close, 1 + (Next(ref state) * MaxVolume));
            open = close;
        }

        return candles;
    }

    /// <summary>The next uniform number in [0, 1).</summary>
    private static double Next(ref uint state)
    {
        state = unchecked((state * 1664525u) + 1013904223u);
        return state / TwoToThe32;
    }
}
