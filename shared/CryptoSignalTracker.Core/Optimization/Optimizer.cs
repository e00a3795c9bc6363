using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Statistics;

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

        var trials = GridEvaluator.Run(
            series, config, grid.Combinations(config.Strategy.Defaults),
            new BacktestOptions { ToMs = split - 60_000 }, new BacktestOptions { FromMs = split },
            maxParallelism, onCombinationDone, cancellationToken);

        return trials
            .OrderByDescending(t => t.InSample.Metrics.NetPnl)
            .ThenByDescending(t => t.InSample.Metrics.Trades)
            .ThenBy(t => t.Index)
            .Select((t, rank) => new OptimizationRow(rank + 1, t.Settings, t.InSample.Metrics, t.OutOfSample.Metrics) { Trial = t })
            .ToList();
    }

    /// <summary>
    /// The overfitting statistics of a ranked grid: the rank-1 row's in-sample Sharpe ratio deflated by the number
    /// and spread of all rows' in-sample Sharpe ratios (DSR), PBO by CSCV over each row's daily returns of the whole
    /// span (in-sample then out-of-sample days), and bootstrap intervals of the rank-1 row's in-sample trades.
    /// </summary>
    /// <exception cref="ArgumentException">No rows.</exception>
    public static OverfittingReport Statistics(IReadOnlyList<OptimizationRow> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows to judge", nameof(rows));
        }

        var best = rows[0].Trial;
        return OverfittingReport.Compute(
            best.InSample.DailyReturns,
            [.. rows.Select(r => r.Trial.InSample.DailyReturns)],
            [.. best.InSample.Trades.Select(t => t.Pnl)]) with
        {
            Pbo = BacktestOverfitting.Probability([.. rows.Select(r => (IReadOnlyList<double>)[.. r.Trial.InSample.DailyReturns, .. r.Trial.OutOfSample.DailyReturns])]),
        };
    }
}
