namespace CryptoSignalTracker.Core.Indicators;

/// <summary>A regular RSI divergence, or none.</summary>
public enum DivergenceKind
{
    /// <summary>No divergence confirmed on this candle.</summary>
    None,

    /// <summary>Price made a lower pivot low while RSI made a higher one.</summary>
    Bullish,

    /// <summary>Price made a higher pivot high while RSI made a lower one.</summary>
    Bearish,
}
