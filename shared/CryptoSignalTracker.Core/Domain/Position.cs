namespace CryptoSignalTracker.Core.Domain;

/// <summary>An open paper position, from its entry signal until an exit closes it.</summary>
/// <param name="SignalId">The entry signal's deterministic id (also the position's id).</param>
/// <param name="Symbol">Instrument.</param>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Kind">MICRO or SWING.</param>
/// <param name="EntryTimeMs">Close time of the signal candle (Unix ms UTC).</param>
/// <param name="EntryPrice">Fill price at entry, slippage included.</param>
/// <param name="StopLoss">Stop-loss price.</param>
/// <param name="TakeProfit">Take-profit price.</param>
/// <param name="Quantity">Size in base currency.</param>
/// <param name="RiskAmount">Quote currency lost if the stop is hit (before fees).</param>
/// <param name="EntryFee">Fee paid at entry, quote currency.</param>
public sealed record Position(
    string SignalId,
    string Symbol,
    Direction Side,
    SignalKind Kind,
    long EntryTimeMs,
    double EntryPrice,
    double StopLoss,
    double TakeProfit,
    double Quantity,
    double RiskAmount,
    double EntryFee);
