using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Statistics;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>A walk-forward analysis: the folds, the stitched out-of-sample record and how far to trust it.</summary>
/// <param name="Folds">The folds in time order.</param>
/// <param name="Trades">Every fold's out-of-sample trades of its chosen settings, in time order.</param>
/// <param name="Equity">The stitched out-of-sample equity: initial equity, then after each trade.</param>
/// <param name="Metrics">Metrics of the stitched trades over the out-of-sample span.</param>
/// <param name="Stability">Per parameter name, how many folds chose each value.</param>
/// <param name="Statistics">DSR, PBO and bootstrap intervals of the stitched record among all grid combinations.</param>
public sealed record WalkForwardResult(
    IReadOnlyList<WalkForwardFold> Folds,
    IReadOnlyList<ClosedTrade> Trades,
    IReadOnlyList<EquityPoint> Equity,
    BacktestMetrics Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<double, int>> Stability,
    OverfittingReport Statistics);
