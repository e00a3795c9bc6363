namespace CryptoSignalTracker.Core.Domain;

/// <summary>Which engine produced a signal. Serialised as <c>MICRO</c> / <c>SWING</c>.</summary>
public enum SignalKind : byte
{
    /// <summary>The 1-minute scalping strategy (V5.2 Champion).</summary>
    Micro = 1,

    /// <summary>The macro engine (5m + 4h rules); also sets the symbol's bias.</summary>
    Swing = 2,
}
