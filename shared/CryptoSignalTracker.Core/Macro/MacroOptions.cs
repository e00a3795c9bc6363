namespace CryptoSignalTracker.Core.Macro;

/// <summary>Settings of the macro (SWING) engine. Defaults are the original system's rule.</summary>
public sealed record MacroOptions
{
    /// <summary>EMA period on 4-hour closes (trend). Default 20.</summary>
    public int TrendEmaPeriod { get; init; } = 20;

    /// <summary>EMA period on 5-minute closes. Default 10.</summary>
    public int FastEmaPeriod { get; init; } = 10;

    /// <summary>RSI period on 5-minute closes. Default 14.</summary>
    public int RsiPeriod { get; init; } = 14;

    /// <summary>LONG needs RSI strictly above this (SHORT: strictly below 100 − it). Default 50.</summary>
    public double RsiBandLow { get; init; } = 50;

    /// <summary>LONG needs RSI strictly below this (SHORT: strictly above 100 − it). Default 60.</summary>
    public double RsiBandHigh { get; init; } = 60;

    /// <summary>Number of RSI values the rising/falling slope is fitted to (least squares). Default 3.</summary>
    public int SlopePoints { get; init; } = 3;

    /// <summary>Volume z-score window on 5-minute volumes. Default 20.</summary>
    public int VolumeZPeriod { get; init; } = 20;

    /// <summary>Volume z-score must be strictly above this. Default 1.</summary>
    public double MinVolumeZ { get; init; } = 1;

    /// <summary>Close must be less than this many percent beyond the 5-minute EMA. Default 1.</summary>
    public double MaxExtensionPercent { get; init; } = 1;

    /// <summary>SWING take-profit, percent of entry. Default 0.5.</summary>
    public double TakeProfitPercent { get; init; } = 0.5;

    /// <summary>SWING stop-loss, percent of entry. Default 1.5.</summary>
    public double StopLossPercent { get; init; } = 1.5;

    /// <summary>Minutes after a SWING signal before the same symbol may give another. Default 15.</summary>
    public int CooldownMinutes { get; init; } = 15;

    /// <summary>How long a bias counts after it is published, hours. Default 4.</summary>
    public double BiasValidityHours { get; init; } = 4;

    /// <summary>Also fire the mirrored SHORT rule (ours; the original was LONG only). Default true.</summary>
    public bool EnableShort { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    public MacroOptions Validate()
    {
        Check(TrendEmaPeriod >= 1 && FastEmaPeriod >= 1 && RsiPeriod >= 2 && VolumeZPeriod >= 2, "periods", "must be positive (RSI and z-score at least 2)");
        Check(RsiBandLow < RsiBandHigh, nameof(RsiBandLow), "must be below RsiBandHigh");
        Check(SlopePoints >= 2, nameof(SlopePoints), "must be at least 2");
        Check(TakeProfitPercent > 0 && StopLossPercent is > 0 and < 100, "exits", "must be positive percentages");
        Check(MaxExtensionPercent > 0, nameof(MaxExtensionPercent), "must be > 0");
        Check(CooldownMinutes >= 0, nameof(CooldownMinutes), "must be >= 0");
        Check(BiasValidityHours > 0, nameof(BiasValidityHours), "must be > 0");
        return this;
    }

    private static void Check(bool ok, string name, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"macro setting {name} {problem}", name);
        }
    }
}
