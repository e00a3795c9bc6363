using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Statistics;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// Walk-forward analysis: "would re-optimising every week have worked?". Windows follow each other in time; in each
/// fold every grid combination is backtested on the in-sample window, the best by the objective is chosen, and its
/// out-of-sample result is a fresh backtest of the window that follows (initial equity; earlier candles only warm
/// up — exactly <c>cst backtest --from OOS.from --to OOS.to</c> with the chosen settings). The out-of-sample trades
/// of all folds are stitched into one record, judged by <see cref="OverfittingReport"/> against every combination's
/// own stitched out-of-sample record.
/// </summary>
public static class WalkForward
{
    private const long MinuteMs = 60_000;

    /// <summary>The parameter names of the grid, as in the JSON (<c>chosen</c>) and <c>--heatmap</c>.</summary>
    public static readonly IReadOnlyList<string> ParameterNames = ["oversold", "overbought", "volumeFactor", "takeProfitPercent", "stopLossPercent"];

    /// <summary>Runs the analysis. <paramref name="onProgress"/> gets (combinations done, combinations in all folds).</summary>
    /// <exception cref="ArgumentException">The data is shorter than one in-sample plus one out-of-sample window, or the options are bad.</exception>
    public static WalkForwardResult Run(
        IReadOnlyList<SymbolSeries> series,
        TradingConfig config,
        ParameterGrid grid,
        WalkForwardOptions options,
        int maxParallelism = 0,
        Action<int, int>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var withData = series.Where(s => s.Candles.Count > 0).ToList();
        if (withData.Count == 0)
        {
            throw new ArgumentException("the candle files hold no candles");
        }

        var first = withData.Min(s => s.Candles[0].OpenTimeMs);
        var last = withData.Max(s => s.Candles[^1].OpenTimeMs);
        var windows = Windows(first, last, options);
        if (windows.Count == 0)
        {
            throw new ArgumentException($"the data {WireNames.Time(first)} → {WireNames.Time(last)} is shorter than one in-sample window ({options.InSample.TotalDays:0.##} d) plus some out-of-sample time");
        }

        var combinations = grid.Combinations(config.Strategy.Defaults);
        var total = combinations.Count * windows.Count;
        var folds = new List<WalkForwardFold>(windows.Count);
        foreach (var (isFrom, isTo, oosFrom, oosTo) in windows)
        {
            var before = folds.Count * combinations.Count;
            var trials = GridEvaluator.Run(
                series, config, combinations,
                new BacktestOptions { FromMs = isFrom, ToMs = isTo }, new BacktestOptions { FromMs = oosFrom, ToMs = oosTo },
                maxParallelism, done => onProgress?.Invoke(before + done, total), cancellationToken);
            var best = trials
                .OrderByDescending(t => Score(t.InSample.Metrics, options.Objective))
                .ThenByDescending(t => t.InSample.Metrics.Trades)
                .ThenBy(t => t.Index)
                .First();
            folds.Add(new WalkForwardFold(folds.Count + 1, isFrom, isTo, oosFrom, oosTo, best.Settings, best.InSample.Metrics, best.OutOfSample.Metrics, trials));
        }

        return Stitch(folds, config, combinations.Count);
    }

    /// <summary>The value of parameter <paramref name="name"/> (one of <see cref="ParameterNames"/>) in <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">Not a grid parameter.</exception>
    public static double Parameter(ChampionOptions settings, string name) => name switch
    {
        "oversold" => settings.Oversold,
        "overbought" => settings.Overbought,
        "volumeFactor" => settings.VolumeFactor,
        "takeProfitPercent" => settings.TakeProfitPercent,
        "stopLossPercent" => settings.StopLossPercent,
        _ => throw new ArgumentException($"'{name}' is not a grid parameter; use one of {string.Join(", ", ParameterNames)}"),
    };

    /// <summary>
    /// The folds' windows (open times, inclusive): in-sample from/to, out-of-sample from/to. The last out-of-sample
    /// window may be cut by the end of the data, but a fold is only made while at least half of it is left.
    /// </summary>
    internal static List<(long IsFrom, long IsTo, long OosFrom, long OosTo)> Windows(long first, long last, WalkForwardOptions options)
    {
        var windows = new List<(long, long, long, long)>();
        var inSample = (long)options.InSample.TotalMilliseconds;
        var outOfSample = (long)options.OutOfSample.TotalMilliseconds;
        var step = (long)options.Step.TotalMilliseconds;
        for (var start = first; ; start += step)
        {
            var oosFrom = start + inSample;
            if (last - oosFrom + MinuteMs < outOfSample / 2)
            {
                // a last out-of-sample window under half the length would judge settings on a few hours
                return windows;
            }

            windows.Add((options.Anchored ? first : start, oosFrom - MinuteMs, oosFrom, Math.Min(oosFrom + outOfSample - MinuteMs, last)));
        }
    }

    private static double Score(BacktestMetrics m, WalkForwardObjective objective) => objective switch
    {
        WalkForwardObjective.Sharpe => m.Sharpe,
        WalkForwardObjective.ProfitFactor => m.ProfitFactor ?? (m.Trades > 0 ? double.MaxValue : 0),
        _ => m.NetPnl,
    };

    private static WalkForwardResult Stitch(List<WalkForwardFold> folds, TradingConfig config, int combinations)
    {
        var initial = config.Risk.InitialEquity;
        var from = folds[0].OutOfSampleFromMs;
        var to = folds[^1].OutOfSampleToMs;
        var chosen = folds.Select(f => f.Trials.First(t => t.Settings == f.Chosen)).ToList();
        var trades = chosen.SelectMany(t => t.OutOfSample.Trades).ToList();

        var equity = new List<EquityPoint> { new(from, initial) };
        var value = initial;
        foreach (var t in trades)
        {
            value += t.Pnl;
            equity.Add(new EquityPoint(Math.Max(equity[^1].TimeMs, t.ExitTimeMs), value));
        }

        // exposure of the stitched record: each fold's share weighted by its window length
        var minutes = folds.Sum(f => (double)(f.OutOfSampleToMs - f.OutOfSampleFromMs + MinuteMs));
        var exposure = folds.Sum(f => f.OutOfSampleMetrics.Exposure * (f.OutOfSampleToMs - f.OutOfSampleFromMs + MinuteMs)) / minutes;
        var metrics = MetricsCalculator.Compute(trades, initial, from, to, exposure);

        var trialReturns = Enumerable.Range(0, combinations)
            .Select(i => MetricsCalculator.DailyReturns([.. folds.SelectMany(f => f.Trials[i].OutOfSample.Trades)], initial, from, to))
            .ToList();
        var statistics = OverfittingReport.Compute(MetricsCalculator.DailyReturns(trades, initial, from, to), trialReturns, [.. trades.Select(t => t.Pnl)]);

        var stability = ParameterNames.ToDictionary(
            name => name,
            name => (IReadOnlyDictionary<double, int>)new SortedDictionary<double, int>(folds.GroupBy(f => Parameter(f.Chosen, name)).ToDictionary(g => g.Key, g => g.Count())),
            StringComparer.Ordinal);
        return new WalkForwardResult(folds, trades, equity, metrics, stability, statistics);
    }
}
