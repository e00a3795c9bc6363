namespace CryptoSignalTracker.Core.Indicators;

/// <summary>A confirmed swing pivot.</summary>
/// <param name="Kind">High or low.</param>
/// <param name="Index">0-based position of the pivot candle among the inputs since construction or <c>Reset()</c>.</param>
/// <param name="TimeMs">Open time of the pivot candle, Unix ms UTC.</param>
/// <param name="Price">The pivot candle's high (for a high) or low (for a low).</param>
public readonly record struct PivotEvent(PivotKind Kind, int Index, long TimeMs, double Price);
