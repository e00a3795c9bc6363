using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// One fold: the window the grid was searched on, the window after it, the winner and its metrics on both.
/// Window bounds are candle open times, both inclusive, as <c>cst backtest --from --to</c> takes them.
/// </summary>
/// <param name="Number">1-based fold number.</param>
/// <param name="InSampleFromMs">First in-sample minute.</param>
/// <param name="InSampleToMs">Last in-sample minute.</param>
/// <param name="OutOfSampleFromMs">First out-of-sample minute.</param>
/// <param name="OutOfSampleToMs">Last out-of-sample minute.</param>
/// <param name="Chosen">The in-sample winner.</param>
/// <param name="InSampleMetrics">The winner on the in-sample window.</param>
/// <param name="OutOfSampleMetrics">The winner on the out-of-sample window (a fresh backtest).</param>
/// <param name="Trials">Every combination on both windows, in grid order (for the heatmaps and statistics).</param>
public sealed record WalkForwardFold(
    int Number,
    long InSampleFromMs,
    long InSampleToMs,
    long OutOfSampleFromMs,
    long OutOfSampleToMs,
    ChampionOptions Chosen,
    BacktestMetrics InSampleMetrics,
    BacktestMetrics OutOfSampleMetrics,
    IReadOnlyList<GridTrial> Trials);
