namespace CryptoSignalTracker.Core.Indicators;

/// <summary>What one candle confirmed: at most one pivot high and one pivot low (both on an outside bar).</summary>
/// <param name="High">The pivot high confirmed by this candle, if any.</param>
/// <param name="Low">The pivot low confirmed by this candle, if any.</param>
public readonly record struct PivotUpdate(PivotEvent? High, PivotEvent? Low)
{
    /// <summary>True when the candle confirmed a high, a low or both.</summary>
    public bool Any => High.HasValue || Low.HasValue;
}
