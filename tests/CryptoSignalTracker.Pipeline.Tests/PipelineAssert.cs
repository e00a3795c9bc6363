using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;

namespace CryptoSignalTracker.Pipeline.Tests;

public static class PipelineAssert
{
    /// <summary>Volume is a sum of split sizes; everything else must match exactly.</summary>
    public const double VolumeTolerance = 1e-9;

    public static void SameOhlcv(IReadOnlyList<Candle> expected, IReadOnlyList<Candle> actual, string symbol)
    {
        Assert.True(expected.Count == actual.Count, $"{symbol}: expected {expected.Count} candles, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var where = $"{symbol} {WireNames.Time(e.OpenTimeMs)}";
            Assert.True(e.OpenTimeMs == a.OpenTimeMs, $"{where}: open time {WireNames.Time(a.OpenTimeMs)}");
            Assert.True(e.Open == a.Open && e.High == a.High && e.Low == a.Low && e.Close == a.Close,
                $"{where}: expected OHLC {e.Open}/{e.High}/{e.Low}/{e.Close}, got {a.Open}/{a.High}/{a.Low}/{a.Close}");
            Assert.True(Math.Abs(e.Volume - a.Volume) <= VolumeTolerance * Math.Max(1, e.Volume), $"{where}: volume {a.Volume}, expected {e.Volume}");
        }
    }

    /// <summary>
    /// At least one event per (symbol, minute) and none for anything else, every copy equal to the stored candle: what
    /// at-least-once delivery promises after a crash between publishing an event and recording that it was published.
    /// </summary>
    public static void EveryCandleHasEqualEvents(IEnumerable<CandleClosed> events, IReadOnlyDictionary<string, IReadOnlyList<Candle>> stored)
    {
        var list = events.ToList();
        Assert.Equal(stored.Values.Sum(c => c.Count), list.Select(e => e.Key).Distinct().Count());
        foreach (var e in list)
        {
            var candle = stored[e.Symbol].Single(c => c.OpenTimeMs == e.Candle.OpenTimeMs);
            Assert.True(
                (candle.Open, candle.High, candle.Low, candle.Close, candle.Volume) == (e.Candle.Open, e.Candle.High, e.Candle.Low, e.Candle.Close, e.Candle.Volume),
                $"event {e.Key} carries {e.Candle}, the store holds {candle}");
        }
    }

    /// <summary>Exactly one event per (symbol, minute), each equal to the stored candle.</summary>
    public static void OneEventPerCandle(IEnumerable<CandleClosed> events, IReadOnlyDictionary<string, IReadOnlyList<Candle>> stored)
    {
        var list = events.ToList();
        var duplicates = list.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "duplicate candles-1m events: " + string.Join(", ", duplicates));
        Assert.Equal(stored.Values.Sum(c => c.Count), list.Count);
        foreach (var e in list)
        {
            var candle = stored[e.Symbol].Single(c => c.OpenTimeMs == e.Candle.OpenTimeMs);
            Assert.Equal(candle.Close, e.Candle.Close);
            Assert.Equal(candle.Volume, e.Candle.Volume);
        }
    }
}
