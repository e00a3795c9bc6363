using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// Backtests every grid combination on one in-sample and one out-of-sample window, on all cores: the one loop
/// behind <see cref="Optimizer"/> (one split) and <see cref="WalkForward"/> (one call per fold). Each window is a
/// fresh <see cref="Backtester"/> run (initial equity; earlier candles only warm up).
/// </summary>
public static class GridEvaluator
{
    /// <summary>Runs every combination; <paramref name="onCombinationDone"/> gets the count done so far.</summary>
    public static IReadOnlyList<GridTrial> Run(
        IReadOnlyList<SymbolSeries> series,
        TradingConfig config,
        IReadOnlyList<ChampionOptions> combinations,
        BacktestOptions inSample,
        BacktestOptions outOfSample,
        int maxParallelism = 0,
        Action<int>? onCombinationDone = null,
        CancellationToken cancellationToken = default)
    {
        // the macro decisions depend on the candles and the macro options only, the strategy's RSI and volume average on the
        // candles and two periods only: record them once for every combination; and the grid keeps no texts explaining decisions
        var (macro, indicators) = (MacroTape.Record(series, config), IndicatorTape.Record(series, combinations));
        inSample = inSample with { MacroTape = macro, IndicatorTape = indicators, Reasons = false };
        outOfSample = outOfSample with { MacroTape = macro, IndicatorTape = indicators, Reasons = false };
        var trials = new GridTrial[combinations.Count];
        var done = 0;
        Parallel.For(
            0,
            combinations.Count,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount, CancellationToken = cancellationToken },
            i =>
            {
                var trial = WithSettings(config, combinations[i]);
                trials[i] = new GridTrial(i, combinations[i], Window(series, trial, inSample), Window(series, trial, outOfSample));
                onCombinationDone?.Invoke(Interlocked.Increment(ref done));
            });

        return trials;
    }

    /// <summary><paramref name="config"/> with <paramref name="settings"/> as the strategy for every symbol.</summary>
    public static TradingConfig WithSettings(TradingConfig config, ChampionOptions settings) =>
        config with { Strategy = new StrategySettings { Defaults = settings } };

    /// <summary>One backtest of a window, reduced to what the grid searches keep.</summary>
    public static WindowRun Window(IReadOnlyList<SymbolSeries> series, TradingConfig config, BacktestOptions window)
    {
        var result = Backtester.Run(series, config, window);
        var daily = MetricsCalculator.DailyReturns(result.Trades, config.Risk.InitialEquity, result.FirstTimeMs, result.LastTimeMs);
        return new WindowRun(result.Metrics, result.Trades, daily);
    }
}
