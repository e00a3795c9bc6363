using System.Text.Json.Serialization;

namespace CryptoSignalTracker.Core.Strategy;

/// <summary>
/// Settings of the MICRO-SCALP strategy "V5.2 Champion". Defaults are the original system's. Every value
/// can be overridden per symbol (see <see cref="StrategySettings"/>).
/// </summary>
public sealed record ChampionOptions
{
    /// <summary>RSI look-back in candles. Default 14.</summary>
    public int RsiPeriod { get; init; } = 14;

    /// <summary>LONG when RSI is at or below this. Default 25.</summary>
    public double Oversold { get; init; } = 25;

    /// <summary>SHORT when RSI is at or above this. Default 75.</summary>
    public double Overbought { get; init; } = 75;

    /// <summary>Candles in the volume average (the current candle included). Default 20.</summary>
    public int VolumePeriod { get; init; } = 20;

    /// <summary>A spike is volume strictly greater than this × the average. Default 1.5.</summary>
    public double VolumeFactor { get; init; } = 1.5;

    /// <summary>How stop and target are placed. Default <see cref="ExitMode.Fixed"/>.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<ExitMode>))]
    public ExitMode ExitMode { get; init; } = ExitMode.Fixed;

    /// <summary>Fixed take-profit distance, percent of entry. Default 1.5.</summary>
    public double TakeProfitPercent { get; init; } = 1.5;

    /// <summary>Fixed stop-loss distance, percent of entry. Default 0.7.</summary>
    public double StopLossPercent { get; init; } = 0.7;

    /// <summary>ATR look-back for ATR exits. Default 14.</summary>
    public int AtrPeriod { get; init; } = 14;

    /// <summary>ATR take-profit distance in ATRs. Default 1.5.</summary>
    public double AtrTakeProfitMultiple { get; init; } = 1.5;

    /// <summary>ATR stop-loss distance in ATRs. Default 1.0.</summary>
    public double AtrStopLossMultiple { get; init; } = 1.0;

    /// <summary>
    /// Our addition, off by default: a set-up only becomes a signal when a regular RSI divergence between
    /// the last two swing pivots confirms it (price lower low with RSI higher low for LONG; the mirror for
    /// SHORT), decided at the close of the candle that confirms the pivot.
    /// </summary>
    public bool RequireDivergence { get; init; }

    /// <summary>Bars left of a swing pivot. Default 5.</summary>
    public int PivotLeft { get; init; } = 5;

    /// <summary>Bars right of a swing pivot (the confirmation delay). Default 5.</summary>
    public int PivotRight { get; init; } = 5;

    /// <summary>
    /// With <see cref="RequireDivergence"/>: how many candles a set-up stays armed waiting for its
    /// divergence to be confirmed. Default 0 = pivot left + right bars.
    /// </summary>
    public int DivergenceWindow { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    public ChampionOptions Validate()
    {
        Check(RsiPeriod >= 2, nameof(RsiPeriod), "must be at least 2");
        Check(Oversold is > 0 and < 100, nameof(Oversold), "must be between 0 and 100");
        Check(Overbought is > 0 and < 100, nameof(Overbought), "must be between 0 and 100");
        Check(Oversold < Overbought, nameof(Oversold), "must be below Overbought");
        Check(VolumePeriod >= 1, nameof(VolumePeriod), "must be at least 1");
        Check(VolumeFactor >= 0 && double.IsFinite(VolumeFactor), nameof(VolumeFactor), "must be a number >= 0");
        Check(TakeProfitPercent > 0 && double.IsFinite(TakeProfitPercent), nameof(TakeProfitPercent), "must be > 0");
        Check(StopLossPercent is > 0 and < 100, nameof(StopLossPercent), "must be between 0 and 100");
        Check(AtrPeriod >= 1, nameof(AtrPeriod), "must be at least 1");
        Check(AtrTakeProfitMultiple > 0, nameof(AtrTakeProfitMultiple), "must be > 0");
        Check(AtrStopLossMultiple > 0, nameof(AtrStopLossMultiple), "must be > 0");
        Check(PivotLeft >= 1 && PivotRight >= 1, nameof(PivotLeft), "pivot bars must be at least 1 on each side");
        Check(DivergenceWindow >= 0, nameof(DivergenceWindow), "must be >= 0");
        return this;
    }

    private static void Check(bool ok, string name, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"strategy setting {name} {problem}", name);
        }
    }
}
