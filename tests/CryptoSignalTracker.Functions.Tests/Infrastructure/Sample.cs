using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Functions.Tests.Infrastructure;

/// <summary>A signal and its exit on a real minute of the bundled BTC month (2025-06-01 16:39 UTC, close 105164.2).</summary>
public static class Sample
{
    /// <summary>The signal candle's open time.</summary>
    public const long CandleMs = 1_748_795_940_000;

    /// <summary>A LONG MICRO signal as the V5.2 strategy writes it.</summary>
    public static Signal BtcLong() => new(
        Signal.MakeId("BTCUSDT", CandleMs, "v5.2-champion"),
        "BTCUSDT",
        CandleMs,
        Direction.Long,
        SignalKind.Micro,
        Entry: 105164.2,
        StopLoss: 104428.1,
        TakeProfit: 106741.7,
        Quantity: 0.0958,
        Confidence: 72,
        Reason: "RSI(14) 23.8 ≤ 25, volume 2.10× 20-candle average (> 1.5×)",
        StrategyId: "v5.2-champion");

    /// <summary>The macro bias in force.</summary>
    public static MacroBias Bias() => new("BTCUSDT", Direction.Long, 0.64, CandleMs - 3_600_000, CandleMs + 3_600_000, "Calm \"range\" & <funding> flat.");

    /// <summary>The signal's exit after 1 h 23 min at the time limit.</summary>
    public static ClosedTrade Exit() => new(
        BtcLong().Id, "BTCUSDT", Direction.Long, SignalKind.Micro, CandleMs + 60_000, 105164.2,
        CandleMs + 60_000 + 83 * 60_000, 104933.7, ExitReason.Time, 0.0958, 12.0, -34.08, 71.0);
}
