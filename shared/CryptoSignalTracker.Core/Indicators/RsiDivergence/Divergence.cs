namespace CryptoSignalTracker.Core.Indicators;

/// <summary>A confirmed divergence and the two pivots behind it (for the reason text of a signal).</summary>
/// <param name="Kind">Bullish or bearish.</param>
/// <param name="Previous">The earlier pivot.</param>
/// <param name="PreviousRsi">RSI on the earlier pivot's candle.</param>
/// <param name="Current">The newly confirmed pivot.</param>
/// <param name="CurrentRsi">RSI on the new pivot's candle.</param>
public readonly record struct Divergence(
    DivergenceKind Kind,
    PivotEvent Previous,
    double PreviousRsi,
    PivotEvent Current,
    double CurrentRsi);
