using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// Runs the backtester for every combination of a <see cref="ParameterGrid"/>, on all cores, once on the
/// in-sample span and once on the out-of-sample span that follows it. Rows are ranked by in-sample net PnL
/// (ties: more trades, then grid order) and report the out-of-sample figures beside them, so that a
/// combination that only fits the past is visible.
/// </summary>
public static class Optimizer
{
    /// <summary>Runs the grid. <paramref name="inSampleShare"/> (0-1, exclusive) splits the common time span.</summary>
    public static IReadOnlyList<OptimizationRow> Run(
        IReadOnlyList<SymbolSeries> series,
        TradingConfig config,
        ParameterGrid grid,
        double inSampleShare = 0.7,
        int maxParallelism = 0,
        Action<int>? onCombinationDone = null,
        CancellationToken cancellationToken = default)
    {
        if (inSampleShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inSampleShare), inSampleShare, "the in-sample share must be between 0 and 1");
        }

        var first = series.Where(s => s.Candles.Count > 0).Min(s => s.Candles[0].OpenTimeMs);
        var last = series.Where(s => s.Candles.Count > 0).Max(s => s.Candles[^1].OpenTimeMs);
        var split = first + (long)((last - first) * inSampleShare);
        split -= split % 60_000;

        var combinations = grid.Combinations(config.Strategy.Defaults);
        var results = new (BacktestMetrics In, BacktestMetrics Out)[combinations.Count];
        var done = 0;
        Parallel.For(
            0,
            combinations.Count,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount, CancellationToken = cancellationToken },
            i =>
            {
                var trial = config with { Strategy = new StrategySettings { Defaults = combinations[i] } };
                var inSample = Backtester.Run(series, trial, new BacktestOptions { ToMs = split - 60_000 }).Metrics;
                var outOfSample = Backtester.Run(series, trial, new BacktestOptions { FromMs = split }).Metrics;
                results[i] = (inSample, outOfSample);
                onCombinationDone?.Invoke(Interlocked.Increment(ref done));
            });

        return Enumerable.Range(0, combinations.Count)
            .OrderByDescending(i => results[i].In.NetPnl)
            .ThenByDescending(i => results[i].In.Trades)
            .ThenBy(i => i)
            .Select((i, rank) => new OptimizationRow(rank + 1, combinations[i], results[i].In, results[i].Out))
            .ToList();
    }
}
