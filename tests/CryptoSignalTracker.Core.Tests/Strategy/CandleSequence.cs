using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Strategy;

/// <summary>Builds 1-minute candles from closes and volumes for hand-made scenarios.</summary>
internal static class CandleSequence
{
    public const long Start = 1_748_620_800_000; // 2025-05-30T16:00:00Z

    public static List<Candle> FromCloses(IReadOnlyList<double> closes, IReadOnlyList<double> volumes, long startMs = Start)
    {
        var candles = new List<Candle>(closes.Count);
        for (var i = 0; i < closes.Count; i++)
        {
            var open = i == 0 ? closes[0] : closes[i - 1];
            var close = closes[i];
            candles.Add(new Candle(startMs + (i * 60_000L), open, Math.Max(open, close), Math.Min(open, close), close, volumes[i]));
        }

        return candles;
    }

    /// <summary>
    /// 15 closes whose Wilder RSI(14) at the last candle is exactly 25 (average gain 0.25, average loss 0.75),
    /// or exactly 75 when <paramref name="mirror"/> is set.
    /// </summary>
    public static List<double> RsiExactly25(bool mirror = false)
    {
        var closes = new List<double> { 100 };
        for (var i = 0; i < 14; i++)
        {
            var up = i % 2 == 0;
            var change = up ? 0.5 : -1.5;
            closes.Add(closes[^1] + (mirror ? -change : change));
        }

        return closes;
    }

    /// <summary>Volumes 17 each, the last one <paramref name="last"/>: with a 10-candle average, 27 is exactly 1.5 × the average.</summary>
    public static List<double> Volumes(int count, double last)
    {
        var v = Enumerable.Repeat(17.0, count).ToList();
        v[^1] = last;
        return v;
    }
}
