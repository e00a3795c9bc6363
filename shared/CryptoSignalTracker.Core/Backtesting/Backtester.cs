using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// Replays many symbols' 1-minute candles on one merged timeline through a <see cref="TradingEngine"/>
/// (the code the live pipeline runs) and collects signals, trades and metrics. Candles with the same open
/// time are processed in ordinal symbol order, so the result never depends on the order of the inputs.
/// Open positions are closed at the end of the data (exit reason END).
/// </summary>
public static class Backtester
{
    /// <summary>Runs a backtest. <paramref name="progress"/> gets the share of candles done, 0-1.</summary>
    public static BacktestResult Run(IReadOnlyList<SymbolSeries> series, TradingConfig config, BacktestOptions? options = null, Action<double>? progress = null)
    {
        options ??= new BacktestOptions();
        var ordered = series.OrderBy(s => s.Symbol, StringComparer.Ordinal).ToArray();
        if (ordered.Select(s => s.Symbol).Distinct(StringComparer.Ordinal).Count() != ordered.Length)
        {
            throw new ArgumentException("each symbol may appear only once in a backtest");
        }

        var engine = new TradingEngine(config);
        var collector = new Collector(config.Risk.InitialEquity);
        foreach (var warmUp in options.MacroWarmUps)
        {
            engine.WarmUpMacro(warmUp);
        }

        var handles = ordered.Select(s => engine.Symbol(s.Symbol)).ToArray();
        var candles = ordered.Select(s => s.Candles as Candle[] ?? [.. s.Candles]).ToArray();
        var cursors = new int[ordered.Length];
        var ends = ordered.Select(s => EndIndex(s.Candles, options.ToMs)).ToArray();
        long total = ends.Sum(e => (long)e), done = 0, exposed = 0, steps = 0;
        long first = long.MaxValue, last = long.MinValue;
        var progressEvery = Math.Max(1, total / 200);
        var untilProgress = progressEvery;

        while (true)
        {
            var time = long.MaxValue;
            for (var i = 0; i < ordered.Length; i++)
            {
                if (cursors[i] < ends[i])
                {
                    time = Math.Min(time, candles[i][cursors[i]].OpenTimeMs);
                }
            }

            if (time == long.MaxValue)
            {
                break;
            }

            var trade = options.FromMs is not { } from || time >= from;
            for (var i = 0; i < ordered.Length; i++)
            {
                if (cursors[i] < ends[i] && candles[i][cursors[i]].OpenTimeMs == time)
                {
                    engine.OnCandle(handles[i], candles[i][cursors[i]++], collector, trade);
                    done++;
                    if (--untilProgress == 0)
                    {
                        untilProgress = progressEvery;
                        progress?.Invoke((double)done / total);
                    }
                }
            }

            if (trade)
            {
                first = Math.Min(first, time);
                last = time;
                steps++;
                if (engine.Portfolio.Open.Count > 0)
                {
                    exposed++;
                }
            }
        }

        engine.Finish(collector);
        progress?.Invoke(1);
        if (first == long.MaxValue)
        {
            first = last = 0;
        }

        var metrics = MetricsCalculator.Compute(collector.Trades, config.Risk.InitialEquity, first, last, steps == 0 ? 0 : (double)exposed / steps);
        return new BacktestResult(collector.Signals, collector.Skipped, collector.Trades, collector.Biases, collector.Equity, metrics, first, last);
    }

    private static int EndIndex(IReadOnlyList<Candle> candles, long? toMs)
    {
        if (toMs is not { } to)
        {
            return candles.Count;
        }

        int lo = 0, hi = candles.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (candles[mid].OpenTimeMs <= to)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed class Collector(double initialEquity) : IEngineListener
    {
        private double _equity = initialEquity;

        public List<Signal> Signals { get; } = [];

        public List<SkippedSignal> Skipped { get; } = [];

        public List<ClosedTrade> Trades { get; } = [];

        public List<MacroBias> Biases { get; } = [];

        public List<EquityPoint> Equity { get; } = [];

        public void OnSignal(Signal signal)
        {
            if (Equity.Count == 0)
            {
                Equity.Add(new EquityPoint(signal.TimeMs, _equity));
            }

            Signals.Add(signal);
        }

        public void OnSkipped(SkippedSignal skipped) => Skipped.Add(skipped);

        public void OnExit(ClosedTrade trade)
        {
            Trades.Add(trade);
            _equity += trade.Pnl;

            // END exits happen at each symbol's own last candle; keep the curve's time axis monotonic
            var time = Equity.Count > 0 ? Math.Max(Equity[^1].TimeMs, trade.ExitTimeMs) : trade.ExitTimeMs;
            Equity.Add(new EquityPoint(time, _equity));
        }

        public void OnBias(MacroBias bias) => Biases.Add(bias);
    }
}
