using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>What one backtest of a window keeps: metrics, closed trades and daily returns of realised equity.</summary>
/// <param name="Metrics">The backtest's metrics.</param>
/// <param name="Trades">Its closed trades.</param>
/// <param name="DailyReturns">One return per UTC day of the window (<see cref="MetricsCalculator.DailyReturns"/>).</param>
public sealed record WindowRun(BacktestMetrics Metrics, IReadOnlyList<ClosedTrade> Trades, IReadOnlyList<double> DailyReturns);
