using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Strategy;

/// <summary>What a strategy wants on a closed candle, before the macro filter and the risk model decide.</summary>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Entry">Reference entry price (the candle's close).</param>
/// <param name="StopLoss">Stop-loss price.</param>
/// <param name="TakeProfit">Take-profit price.</param>
/// <param name="Strength">0-100: how far past its thresholds the set-up is (shown as the MICRO signal's confidence).</param>
/// <param name="Reason">The numbers that triggered it, e.g. <c>RSI 23.8 ≤ 25, volume 2.10× average</c>.</param>
public readonly record struct EntryIntent(Direction Side, double Entry, double StopLoss, double TakeProfit, double Strength, string Reason);
