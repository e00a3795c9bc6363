using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Aggregation;

/// <summary>
/// The expected candles, computed the plain way (LINQ: drop repeated ids, group by interval, then walk the
/// groups to fill quiet runs), to check the aggregator against something written differently.
/// </summary>
internal static class Recount
{
    public static (List<Candle> Candles, List<CandleGap> Gaps) Candles(IReadOnlyList<Trade> trades, int minutes = 1, int maxFilledMinutes = 60)
    {
        var intervalMs = minutes * 60_000L;
        var traded = trades
            .Select((trade, index) => (trade, index))
            .DistinctBy(x => (x.trade.TimeMs, x.trade.Id))
            .GroupBy(x => x.trade.TimeMs / intervalMs * intervalMs)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var ordered = g.OrderBy(x => x.trade.TimeMs).ThenBy(x => x.index).Select(x => x.trade).ToList();
                return new Candle(
                    g.Key,
                    ordered[0].Price,
                    ordered.Max(t => t.Price),
                    ordered.Min(t => t.Price),
                    ordered[^1].Price,
                    DecimalSum(ordered),
                    ordered.Count,
                    DecimalSum(ordered.Where(t => t.Side == TakerSide.Buy)),
                    DecimalSum(ordered.Where(t => t.Side == TakerSide.Sell)));
            })
            .ToList();

        var candles = new List<Candle>();
        var gaps = new List<CandleGap>();
        for (var k = 0; k < traded.Count; k++)
        {
            if (k > 0)
            {
                var previous = traded[k - 1];
                var quietMinutes = (traded[k].OpenTimeMs - previous.OpenTimeMs - intervalMs) / 60_000;
                if (quietMinutes > maxFilledMinutes)
                {
                    gaps.Add(new CandleGap(previous.OpenTimeMs + intervalMs, traded[k].OpenTimeMs));
                }
                else
                {
                    candles.AddRange(Enumerable.Range(1, (int)(quietMinutes / minutes)).Select(i => Candle.Flat(previous.OpenTimeMs + (i * intervalMs), previous.Close)));
                }
            }

            candles.Add(traded[k]);
        }

        return (candles, gaps);
    }

    // the sizes as the decimals the exchange sent (a double read from text converts back to it), summed exactly
    private static double DecimalSum(IEnumerable<Trade> trades) => (double)trades.Sum(t => (decimal)t.Size);
}
