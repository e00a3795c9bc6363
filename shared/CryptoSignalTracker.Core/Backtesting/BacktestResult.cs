using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Everything a backtest produced.</summary>
/// <param name="Signals">Entry signals (positions opened), in decision order.</param>
/// <param name="Skipped">Set-ups that did not become signals, with the reason.</param>
/// <param name="Trades">Closed positions, in exit order.</param>
/// <param name="Biases">Macro biases set, in order.</param>
/// <param name="Equity">Realised equity: the start, then after each exit.</param>
/// <param name="Metrics">Performance summary.</param>
/// <param name="FirstTimeMs">Open time of the first traded candle.</param>
/// <param name="LastTimeMs">Open time of the last candle.</param>
public sealed record BacktestResult(
    IReadOnlyList<Signal> Signals,
    IReadOnlyList<SkippedSignal> Skipped,
    IReadOnlyList<ClosedTrade> Trades,
    IReadOnlyList<MacroBias> Biases,
    IReadOnlyList<EquityPoint> Equity,
    BacktestMetrics Metrics,
    long FirstTimeMs,
    long LastTimeMs);
