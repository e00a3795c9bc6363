using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>Settings of <see cref="CandleAggregator"/> (configuration section <see cref="Section"/>).</summary>
public sealed class CandleAggregatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "CandleAggregation";

    /// <summary>Default of <see cref="MaxFilledGap"/>: 60 minutes.</summary>
    public static readonly TimeSpan DefaultMaxFilledGap = TimeSpan.FromMinutes(60);

    /// <summary>Candle length. Default 1 minute; any whole number of minutes.</summary>
    public Interval Interval { get; set; } = Interval.OneMinute;

    /// <summary>
    /// Longest run of candles without trades that is filled with flat candles at the previous close
    /// (zero volume, zero trades). A longer run is a hole: it is not filled and is reported as a
    /// <see cref="CandleGap"/>. Default <see cref="DefaultMaxFilledGap"/> (60 minutes); zero means never fill.
    /// </summary>
    public TimeSpan MaxFilledGap { get; set; } = DefaultMaxFilledGap;

    /// <summary>
    /// Whether the quiet run between a candle opening at <paramref name="lastOpenMs"/> and the next one opening at
    /// <paramref name="nextOpenMs"/> is a hole (longer than <see cref="MaxFilledGap"/>: not filled) rather than flat
    /// candles. The one place this rule lives: the aggregator and <c>cst run</c>'s replays both ask it.
    /// </summary>
    public bool IsHole(long lastOpenMs, long nextOpenMs) =>
        nextOpenMs - (lastOpenMs + Interval.Milliseconds) > (long)MaxFilledGap.TotalMilliseconds;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public CandleAggregatorOptions Validate()
    {
        if (Interval.Minutes < 1)
        {
            throw new ArgumentException($"{nameof(Interval)} must be set (e.g. 1m)", nameof(Interval));
        }

        if (MaxFilledGap < TimeSpan.Zero || MaxFilledGap.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{nameof(MaxFilledGap)} must be zero or more whole milliseconds, not {MaxFilledGap}", nameof(MaxFilledGap));
        }

        return this;
    }
}
