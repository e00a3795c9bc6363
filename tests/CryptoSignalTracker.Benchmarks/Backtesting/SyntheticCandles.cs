using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Backtesting;

/// <summary>
/// A year of synthetic 1-minute candles per symbol (fixed seed): a random walk with fat-tailed moves and
/// log-normal volume with occasional spikes, so that the strategy, the macro rules and the risk model all
/// have work to do. Synthetic on purpose: the real data set has 30 days, the target is stated for a year.
/// </summary>
internal static class SyntheticCandles
{
    public const int MinutesPerYear = 525_600;
    private const long Start = 1_735_689_600_000; // 2025-01-01T00:00:00Z

    public static IReadOnlyList<SymbolSeries> Year(int symbols, int minutes = MinutesPerYear)
    {
        var list = new List<SymbolSeries>(symbols);
        for (var s = 0; s < symbols; s++)
        {
            list.Add(new SymbolSeries(Symbols.Default[s % Symbols.Default.Count] + (s >= Symbols.Default.Count ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty), Walk(minutes, 1000 + s, 100 * (s + 1))));
        }

        return list;
    }

    private static Candle[] Walk(int minutes, int seed, double start)
    {
        var random = new Random(seed);
        var candles = new Candle[minutes];
        var price = start;
        for (var i = 0; i < minutes; i++)
        {
            var open = price;
            var shock = random.NextDouble() < 0.01 ? 6 : 1; // occasional large moves
            var move = (random.NextDouble() - 0.5) * 0.002 * shock;
            var close = Math.Max(0.01, open * (1 + move));
            var high = Math.Max(open, close) * (1 + (random.NextDouble() * 0.0005));
            var low = Math.Min(open, close) * (1 - (random.NextDouble() * 0.0005));
            var volume = Math.Exp(random.NextDouble() + random.NextDouble()) * (shock > 1 ? 4 : 1);
            candles[i] = new Candle(Start + (i * 60_000L), open, high, low, close, volume);
            price = close;
        }

        return candles;
    }
}
