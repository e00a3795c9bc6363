using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>Signals and trades used across the tests (real-looking prices from the bundled BTC month).</summary>
public static class Samples
{
    /// <summary>2025-06-01 16:39 UTC, a minute of the bundled data (close 105164.2).</summary>
    public const long CandleMs = 1_748_795_940_000;

    /// <summary>A BTC LONG MICRO signal as the V5.2 strategy writes it.</summary>
    public static Signal BtcLong(string symbol = "BTCUSDT", long timeMs = CandleMs, string? reason = null) => new(
        Signal.MakeId(symbol, timeMs, "v5.2-champion"),
        symbol,
        timeMs,
        Direction.Long,
        SignalKind.Micro,
        Entry: 105164.2,
        StopLoss: 105164.2 * 0.993,
        TakeProfit: 105164.2 * 1.015,
        Quantity: 0.0958,
        Confidence: 72,
        Reason: reason ?? "RSI(14) 23.8 ≤ 25, volume 2.10× 20-candle average (> 1.5×)",
        StrategyId: "v5.2-champion");

    /// <summary>A tiny-priced SHORT (PEPE-like).</summary>
    public static Signal PepeShort() => new(
        Signal.MakeId("PEPEUSDT", CandleMs, "v5.2-champion"),
        "PEPEUSDT",
        CandleMs,
        Direction.Short,
        SignalKind.Swing,
        Entry: 0.000012345,
        StopLoss: 0.000012345 * 1.007,
        TakeProfit: 0.000012345 * 0.985,
        Quantity: 405_022_276,
        Confidence: 85,
        Reason: "RSI(14) 77.1 ≥ 75, volume 1.90× 20-candle average (> 1.5×)",
        StrategyId: "v5.2-champion");

    /// <summary>The take-profit exit of <paramref name="s"/> 83 minutes later (+1.5 %, 2.14 R before fees).</summary>
    public static ClosedTrade TakeProfitExit(Signal s)
    {
        var risk = Math.Abs(s.Entry - s.StopLoss) * s.Quantity;
        var move = (s.TakeProfit - s.Entry) * s.Quantity * (s.Side == Direction.Long ? 1 : -1);
        return new ClosedTrade(
            s.Id, s.Symbol, s.Side, s.Kind, s.TimeMs + 60_000, s.Entry, s.TimeMs + (83 * 60_000), s.TakeProfit,
            ExitReason.TakeProfit, s.Quantity, Fees: 12.0, Pnl: move - 12.0, RiskAmount: risk);
    }

    /// <summary>The stop-loss exit of <paramref name="s"/> 7 minutes later.</summary>
    public static ClosedTrade StopLossExit(Signal s)
    {
        var risk = Math.Abs(s.Entry - s.StopLoss) * s.Quantity;
        return new ClosedTrade(
            s.Id, s.Symbol, s.Side, s.Kind, s.TimeMs + 60_000, s.Entry, s.TimeMs + (7 * 60_000), s.StopLoss,
            ExitReason.StopLoss, s.Quantity, Fees: 12.0, Pnl: -risk - 12.0, RiskAmount: risk);
    }
}
