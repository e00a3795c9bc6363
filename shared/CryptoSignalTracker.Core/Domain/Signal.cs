namespace CryptoSignalTracker.Core.Domain;

/// <summary>An entry signal: a paper trade proposal, sized by the risk model. No order is placed anywhere.</summary>
/// <param name="Id">Deterministic id: <c>{symbol}-{candle open unix seconds}-{strategy id}</c>, the same on every replay.</param>
/// <param name="Symbol">Instrument.</param>
/// <param name="TimeMs">Open time of the candle at whose close the signal was decided (Unix ms UTC).</param>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Kind">MICRO or SWING.</param>
/// <param name="Entry">Entry price (the decision candle's close, before slippage).</param>
/// <param name="StopLoss">Stop-loss price.</param>
/// <param name="TakeProfit">Take-profit price.</param>
/// <param name="Quantity">Position size in base currency from the risk model.</param>
/// <param name="Confidence">0-100: the macro bias confidence for SWING signals, a strength score for MICRO ones.</param>
/// <param name="Reason">The numbers that triggered the signal, in plain words.</param>
/// <param name="StrategyId">Strategy that produced it, e.g. <c>v5.2-champion</c>.</param>
/// <param name="Forming">True when decided on a still-forming candle (the optional 15-second cadence).</param>
public sealed record Signal(
    string Id,
    string Symbol,
    long TimeMs,
    Direction Side,
    SignalKind Kind,
    double Entry,
    double StopLoss,
    double TakeProfit,
    double Quantity,
    double Confidence,
    string Reason,
    string StrategyId,
    bool Forming = false)
{
    /// <summary>Builds the deterministic id used for idempotency across redeliveries and instances.</summary>
    public static string MakeId(string symbol, long candleOpenTimeMs, string strategyId) =>
        $"{symbol}-{candleOpenTimeMs / 1000}-{strategyId}";

    /// <summary>Reward divided by risk, from entry, stop and target.</summary>
    public double RewardToRisk => Math.Abs(TakeProfit - Entry) / Math.Abs(Entry - StopLoss);
}
