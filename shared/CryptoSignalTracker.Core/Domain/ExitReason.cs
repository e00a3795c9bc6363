namespace CryptoSignalTracker.Core.Domain;

/// <summary>Why a position was closed. Serialised as <c>TP</c>, <c>SL</c>, <c>TIME</c>, <c>END</c>.</summary>
public enum ExitReason : byte
{
    /// <summary>The take-profit price was reached.</summary>
    TakeProfit = 1,

    /// <summary>The stop-loss price was reached (also when stop and target fall in the same candle).</summary>
    StopLoss = 2,

    /// <summary>A maximum holding time ran out.</summary>
    Time = 3,

    /// <summary>The data ended with the position still open (backtests only).</summary>
    End = 4,
}
