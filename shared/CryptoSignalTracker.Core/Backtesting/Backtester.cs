using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Strategy;

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
        ArgumentNullException.ThrowIfNull(series);
        var toMs = options?.ToMs;
        return Run(
            [.. series.Select(s =>
            {
                var candles = s.Candles as Candle[] ?? [.. s.Candles];
                var end = EndIndex(candles, toMs);
                return new SymbolStream(s.Symbol, [candles.AsMemory(0, end)], end);
            })],
            config,
            options,
            progress);
    }

    /// <summary>
    /// Runs a backtest over candles that arrive piece by piece (see <see cref="SymbolStream"/>): the same loop as
    /// <see cref="Run(IReadOnlyList{SymbolSeries}, TradingConfig, BacktestOptions?, Action{double}?)"/>, which hands it
    /// each series as one piece. A stream is read no further than <see cref="BacktestOptions.ToMs"/>.
    /// <paramref name="progress"/> gets the share of the expected candles done, 0-1.
    /// </summary>
    public static BacktestResult Run(IReadOnlyList<SymbolStream> streams, TradingConfig config, BacktestOptions? options = null, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        options ??= new BacktestOptions();
        var ordered = streams.OrderBy(s => s.Symbol, StringComparer.Ordinal).ToArray();
        if (ordered.Select(s => s.Symbol).Distinct(StringComparer.Ordinal).Count() != ordered.Length)
        {
            throw new ArgumentException("each symbol may appear only once in a backtest");
        }

        var replays = options.MacroTape is not null || options.IndicatorTape is not null || !options.Reasons;
        if (options.DecideAhead && replays)
        {
            throw new ArgumentException("a backtest decides ahead or replays recorded tapes (grid searches), not both");
        }

        var engine = replays ? new TradingEngine(config, options) : new TradingEngine(config);
        var collector = new Collector(config.Risk.InitialEquity);
        foreach (var warmUp in options.MacroWarmUps)
        {
            engine.WarmUpMacro(warmUp);
        }

        var handles = ordered.Select(s => engine.Symbol(s.Symbol)).ToArray();
        var cursors = new Cursor[ordered.Length];
        try
        {
            for (var i = 0; i < ordered.Length; i++)
            {
                cursors[i] = new Cursor(Pieces(ordered[i], config, options).GetEnumerator(), options.ToMs ?? long.MaxValue);
            }

            long total = Math.Max(1, ordered.Sum(s => s.ExpectedCandles)), done = 0, exposed = 0, steps = 0;
            long first = long.MaxValue, last = long.MinValue;
            var progressEvery = Math.Max(1, total / 200);
            var untilProgress = progressEvery;

            while (true)
            {
                var time = long.MaxValue;
                foreach (var cursor in cursors)
                {
                    time = Math.Min(time, cursor.Time);
                }

                if (time == long.MaxValue)
                {
                    break;
                }

                var trade = options.FromMs is not { } from || time >= from;
                for (var i = 0; i < cursors.Length; i++)
                {
                    var cursor = cursors[i];
                    if (cursor.Time == time)
                    {
                        if (options.DecideAhead)
                        {
                            engine.Step(handles[i], cursor.Current, collector, trade, cursor.MacroHere(), cursor.IntentHere());
                        }
                        else
                        {
                            engine.OnCandle(handles[i], cursor.Current, collector, trade);
                        }

                        cursor.Advance();
                        done++;
                        if (--untilProgress == 0)
                        {
                            untilProgress = progressEvery;
                            progress?.Invoke(Math.Min(1, (double)done / total));
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
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor?.Dispose();
            }
        }
    }

    /// <summary>The stream's pieces: as they come, or read and decided ahead (<see cref="BacktestOptions.DecideAhead"/>).</summary>
    private static IEnumerable<CandlePiece<PieceDecisions?>> Pieces(SymbolStream stream, TradingConfig config, BacktestOptions options)
    {
        if (options.DecideAhead)
        {
            var warmUp = options.MacroWarmUps.FirstOrDefault(w => string.Equals(w.Symbol, stream.Symbol, StringComparison.Ordinal));
            return CandleReadAhead.Of<PieceDecisions?>(stream.Chunks, new SymbolDecider(config, stream.Symbol, warmUp).Decide);
        }

        return Undecided(stream.Chunks);

        static IEnumerable<CandlePiece<PieceDecisions?>> Undecided(IEnumerable<ReadOnlyMemory<Candle>> chunks)
        {
            foreach (var chunk in chunks)
            {
                yield return new CandlePiece<PieceDecisions?>(chunk, null);
            }
        }
    }

    private static int EndIndex(Candle[] candles, long? toMs)
    {
        if (toMs is not { } to)
        {
            return candles.Length;
        }

        int lo = 0, hi = candles.Length;
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

    /// <summary>
    /// Where the merge stands in one symbol's stream: the current candle and its open time (long.MaxValue once the
    /// stream is used up or past the backtest's end).
    /// </summary>
    private sealed class Cursor : IDisposable
    {
        private readonly IEnumerator<CandlePiece<PieceDecisions?>> _pieces;
        private readonly long _toMs;
        private Candle[] _array = [];
        private int _start;
        private int _index;
        private int _end;
        private PieceDecisions _decisions = PieceDecisions.None;
        private int _nextMacro;
        private int _nextIntent;
        private bool _disposed;

        public Cursor(IEnumerator<CandlePiece<PieceDecisions?>> pieces, long toMs)
        {
            _pieces = pieces;
            _toMs = toMs;
            Load();
        }

        public long Time { get; private set; } = long.MaxValue;

        public ref readonly Candle Current => ref _array[_index];

        /// <summary>The macro decisions the current candle made (decided ahead); call once per candle, before <see cref="Advance"/>.</summary>
        public ReadOnlySpan<MacroSignal> MacroHere()
        {
            var at = _index - _start;
            var first = _nextMacro;
            while (_nextMacro < _decisions.MacroAt.Length && _decisions.MacroAt[_nextMacro] == at)
            {
                _nextMacro++;
            }

            return _decisions.Macro.AsSpan(first, _nextMacro - first);
        }

        /// <summary>The strategy's set-up on the current candle, if any (decided ahead); call once per candle, before <see cref="Advance"/>.</summary>
        public EntryIntent? IntentHere()
        {
            if (_nextIntent < _decisions.IntentAt.Length && _decisions.IntentAt[_nextIntent] == _index - _start)
            {
                return _decisions.Intents[_nextIntent++];
            }

            return null;
        }

        public void Advance()
        {
            _index++;
            Load();
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _pieces.Dispose();
            }
        }

        private void Load()
        {
            while (_index >= _end)
            {
                if (_disposed || !_pieces.MoveNext())
                {
                    Stop();
                    return;
                }

                var (chunk, decisions) = _pieces.Current;
                _decisions = decisions ?? PieceDecisions.None;
                _nextMacro = _nextIntent = 0;
                if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(chunk, out var segment))
                {
                    _array = segment.Array!;
                    _index = _start = segment.Offset;
                    _end = segment.Offset + segment.Count;
                }
                else
                {
                    _array = chunk.ToArray();
                    _index = _start = 0;
                    _end = _array.Length;
                }
            }

            Time = _array[_index].OpenTimeMs;
            if (Time > _toMs)
            {
                Stop();
            }
        }

        private void Stop()
        {
            Time = long.MaxValue;
            _index = _start = _end = 0;
            _array = [];
            Dispose();
        }
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
