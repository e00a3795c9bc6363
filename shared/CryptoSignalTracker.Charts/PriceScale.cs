using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// The price panel's scale: the candles' range, stretched to take in signal levels that lie close to it.
/// Levels farther away would squash the candles into a thin band, so they stay off the scale and are shown as
/// pinned tags at the panel's edge instead.
/// </summary>
internal static class PriceScale
{
    /// <summary>A level is taken into the scale when it lies within this share of the candles' range beyond it.</summary>
    public const double LevelReach = 0.6;

    /// <summary>Head room above and below, as a share of the scale's range.</summary>
    public const double Padding = 0.06;

    /// <summary>Relative height given to a flat window (all candles at one price), so it still has a scale.</summary>
    private const double FlatShare = 0.001;

    /// <summary>Scale for candles <paramref name="first"/>..<paramref name="last"/> and the levels of <paramref name="overlays"/>.</summary>
    public static (double Min, double Max) Compute(IReadOnlyList<Candle> candles, int first, int last,
        IReadOnlyList<SignalOverlay> overlays, long fromMs, long toMs)
    {
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var i = first; i <= last; i++)
        {
            low = Math.Min(low, candles[i].Low);
            high = Math.Max(high, candles[i].High);
        }

        var range = high - low;
        if (range <= 0)
        {
            range = Math.Max(Math.Abs(high) * FlatShare, double.Epsilon);
            low -= range / 2;
            high += range / 2;
        }

        var min = low;
        var max = high;
        foreach (var o in overlays)
        {
            Take(o.Entry);
            Take(o.StopLoss);
            Take(o.TakeProfit);
            if (o.Exit is { } exit && exit.TimeMs >= fromMs && exit.TimeMs <= toMs)
            {
                Take(exit.Price);
            }
        }

        var pad = (max - min) * Padding;
        return (min - pad, max + pad);

        void Take(double price)
        {
            if (price >= low - range * LevelReach && price <= high + range * LevelReach)
            {
                min = Math.Min(min, price);
                max = Math.Max(max, price);
            }
        }
    }
}
