namespace CryptoSignalTracker.Core.Strategy;

/// <summary>How a MICRO signal's stop-loss and take-profit are placed.</summary>
public enum ExitMode
{
    /// <summary>Fixed percentages of the entry price (TP 1.5 %, SL 0.7 % by default).</summary>
    Fixed = 0,

    /// <summary>Multiples of ATR(14) (TP 1.5 × ATR, SL 1.0 × ATR by default).</summary>
    Atr = 1,
}
