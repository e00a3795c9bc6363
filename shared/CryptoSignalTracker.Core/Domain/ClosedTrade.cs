namespace CryptoSignalTracker.Core.Domain;

/// <summary>A position from entry to exit (the EXIT event of the live pipeline and a row of a backtest).</summary>
/// <param name="SignalId">The entry signal's id.</param>
/// <param name="Symbol">Instrument.</param>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Kind">MICRO or SWING.</param>
/// <param name="EntryTimeMs">When the position opened: the close of the signal candle (Unix ms UTC).</param>
/// <param name="EntryPrice">Fill price at entry, slippage included.</param>
/// <param name="ExitTimeMs">Open time of the candle in which the exit happened (Unix ms UTC).</param>
/// <param name="ExitPrice">Fill price at exit, slippage included.</param>
/// <param name="Reason">TP, SL, TIME or END.</param>
/// <param name="Quantity">Size in base currency.</param>
/// <param name="Fees">Fees paid on both sides, in quote currency.</param>
/// <param name="Pnl">Net profit or loss in quote currency, fees included.</param>
/// <param name="RiskAmount">Quote currency that would have been lost at the stop (for R multiples).</param>
public sealed record ClosedTrade(
    string SignalId,
    string Symbol,
    Direction Side,
    SignalKind Kind,
    long EntryTimeMs,
    double EntryPrice,
    long ExitTimeMs,
    double ExitPrice,
    ExitReason Reason,
    double Quantity,
    double Fees,
    double Pnl,
    double RiskAmount)
{
    /// <summary>Result in multiples of the initial risk.</summary>
    public double RMultiple => RiskAmount > 0 ? Pnl / RiskAmount : 0;

    /// <summary>Price move in percent of entry, in the trade's favour (before fees).</summary>
    public double PnlPercent => (Side == Direction.Long ? ExitPrice - EntryPrice : EntryPrice - ExitPrice) / EntryPrice * 100;
}
