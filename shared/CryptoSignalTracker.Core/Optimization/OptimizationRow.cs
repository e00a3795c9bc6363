using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>One grid combination with its in-sample and out-of-sample metrics.</summary>
/// <param name="Rank">1 = best in-sample.</param>
/// <param name="Settings">The strategy settings tried.</param>
/// <param name="InSample">Metrics on the in-sample part (used for ranking).</param>
/// <param name="OutOfSample">Metrics on the out-of-sample part (reported, never used for ranking).</param>
public sealed record OptimizationRow(int Rank, ChampionOptions Settings, BacktestMetrics InSample, BacktestMetrics OutOfSample)
{
    /// <summary>The runs behind the metrics (trades and daily returns), for the overfitting statistics.</summary>
    public required GridTrial Trial { get; init; }
}
