namespace CryptoSignalTracker.Core.Indicators;

/// <summary>Which extreme a swing pivot marks.</summary>
public enum PivotKind
{
    /// <summary>A swing high (local maximum of highs).</summary>
    High,

    /// <summary>A swing low (local minimum of lows).</summary>
    Low,
}
