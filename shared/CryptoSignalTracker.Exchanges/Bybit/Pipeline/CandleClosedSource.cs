namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>Where a closed candle came from.</summary>
public enum CandleClosedSource
{
    /// <summary>Merged from the live trade batches.</summary>
    Trades = 1,

    /// <summary>Bybit's REST kline (the live feed missed part of the minute).</summary>
    Kline = 2,

    /// <summary>A quiet minute: flat at the previous close.</summary>
    Flat = 3,
}
