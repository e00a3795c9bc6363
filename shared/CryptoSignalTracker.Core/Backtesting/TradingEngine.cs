using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Risk;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The decision pipeline for closed 1-minute candles of many symbols: exits, macro engine, V5.2 Champion,
/// macro filter, risk and positions. The backtester and the optimiser drive it, and the live LogicEngine and
/// <c>cst run</c> drive this same class (through <c>CryptoSignalTracker.Live.LiveEngine</c>), so that what a user backtests is what runs live.
/// </summary>
/// <remarks>
/// On each closed candle of a symbol, in this order: (1) the symbol's open positions are checked against
/// the candle's high and low (they were opened at an earlier close); (2) when macro resampling is on and the
/// candle completes a 5-minute bucket (and with it possibly a 4-hour one, built from the 5-minute candles),
/// the closed 4-hour candle then the closed 5-minute candle go to the macro rules, which may set the bias and open a SWING position; (3) the strategy decides on the
/// candle, the bias filter and the risk rules decide whether its set-up becomes a MICRO signal. Nothing
/// after the candle's close is used.
/// </remarks>
public sealed class TradingEngine
{
    private static readonly Interval FiveMinutes = new(5);
    private static readonly Interval FourHours = new(240);

    /// <summary>Appended to a forming-candle signal's id so it never collides with the closed candle's signal.</summary>
    public const string FormingIdSuffix = "-forming";

    private const string StateMarker = "trading-engine/1";

    private readonly TradingConfig _config;
    private readonly bool _resampleMacro;
    private readonly BiasFilter _filter;
    private readonly Dictionary<string, EngineSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<ClosedTrade> _closed = [];
    private readonly List<MacroSignal> _macroSignals = [];
    private readonly MacroTape? _tape;
    private readonly IndicatorTape? _indicators;
    private readonly bool _reasons = true;

    /// <summary>Creates an engine. With <paramref name="resampleMacro"/> the macro rules run on 5m/4h candles built from the 1m feed (backtests, replays); without, the bias comes from <see cref="SetBias"/> (live).</summary>
    public TradingEngine(TradingConfig config, bool resampleMacro = true)
    {
        _config = config;
        _resampleMacro = resampleMacro && config.MacroEnabled;
        _filter = new BiasFilter(config.BiasFilter);
        Portfolio = new Portfolio(config.Risk);
    }

    /// <summary>
    /// A grid search's backtest engine (<paramref name="replay"/>): macro decisions from its <see cref="BacktestOptions.MacroTape"/>
    /// and the strategy's indicators from its <see cref="BacktestOptions.IndicatorTape"/> (both recorded from the same candles)
    /// instead of computing them, and without <see cref="BacktestOptions.Reasons"/> no texts explaining the decisions.
    /// </summary>
    internal TradingEngine(TradingConfig config, BacktestOptions replay)
        : this(config, resampleMacro: replay.MacroTape is null)
    {
        if (replay.MacroTape is { } tape)
        {
            _tape = config.MacroEnabled && ReferenceEquals(tape.Options, config.Macro)
                ? tape
                : throw new ArgumentException("the macro tape was recorded with other macro options", nameof(replay));
        }

        _indicators = replay.IndicatorTape;
        _reasons = replay.Reasons;
        Portfolio.Reasons = replay.Reasons;
    }

    /// <summary>The paper account.</summary>
    public Portfolio Portfolio { get; }

    /// <summary>Sets <paramref name="bias"/> as its symbol's current macro bias (live: from the bias store).</summary>
    public void SetBias(MacroBias bias) => State(bias.Symbol).Bias = bias;

    /// <summary>
    /// Warms up <paramref name="warmUp"/>'s symbol's macro rules with its 4-hour candles (an outside source's history
    /// before the first 4-hour bucket of the engine's own candles). Does nothing when the macro is off or not resampled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The symbol has already been fed a candle (a warm-up comes first).</exception>
    public void WarmUpMacro(MacroWarmUp warmUp)
    {
        ArgumentNullException.ThrowIfNull(warmUp);
        var state = State(warmUp.Symbol);
        if (state.Macro is null)
        {
            return;
        }

        if (state.Last.OpenTimeMs != 0 || state.FiveMinute.Forming is not null)
        {
            throw new InvalidOperationException($"{warmUp.Symbol}: the macro warm-up must come before the symbol's first candle");
        }

        foreach (var candle in warmUp.FourHour)
        {
            state.Macro.On4HourCandle(candle);
        }
    }

    /// <summary>The engine's state for <paramref name="symbol"/>, created on first use; pass it to <see cref="OnCandle(EngineSymbol, in Candle, IEngineListener, bool, MacroSignal)"/> in hot loops.</summary>
    public EngineSymbol Symbol(string symbol) => State(symbol);

    /// <summary>
    /// Feeds the next closed 1-minute candle of <paramref name="symbol"/>. With <paramref name="trade"/> false
    /// the candle only warms up indicators (no entries, no exits), e.g. before a backtest's <c>--from</c>.
    /// </summary>
    public void OnCandle(string symbol, in Candle candle, IEngineListener listener, bool trade = true) =>
        OnCandle(State(symbol), candle, listener, trade);

    /// <summary>
    /// Feeds the next closed 1-minute candle of the symbol behind <paramref name="state"/> (see <see cref="Symbol"/>).
    /// <paramref name="macroSignal"/> is a macro decision made outside the engine (live: the MacroEngine's, on Kraken
    /// data): it is applied at the same step as a resampled one, after the exits and before the strategy — its bias is
    /// set and, when trading, its SWING set-up goes through the risk rules with this candle's close as entry time.
    /// </summary>
    public void OnCandle(EngineSymbol state, in Candle candle, IEngineListener listener, bool trade = true, MacroSignal? macroSignal = null)
    {
        // the symbol's own decisions (macro, strategy) depend on its candles alone; Step then trades on them
        _macroSignals.Clear();
        if (state.Macro is not null)
        {
            StepMacro(state, candle, _macroSignals);
        }
        else if (state.Tape is { } track)
        {
            var times = track.Times;
            while (state.TapeIndex < times.Length && times[state.TapeIndex] <= candle.OpenTimeMs)
            {
                if (times[state.TapeIndex] == candle.OpenTimeMs)
                {
                    _macroSignals.Add(track.Signals[state.TapeIndex]);
                }

                state.TapeIndex++;
            }
        }

        if (macroSignal is not null)
        {
            _macroSignals.Add(macroSignal);
        }

        var intent = state.Strategy.OnCandle(candle);
        Step(state, candle, listener, trade, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_macroSignals), intent);
    }

    /// <summary>
    /// The part of <see cref="OnCandle(EngineSymbol, in Candle, IEngineListener, bool, MacroSignal)"/> that depends on more
    /// than the symbol's own candles, given that symbol's decisions for <paramref name="candle"/> (made by
    /// <see cref="SymbolDecider"/> or by OnCandle itself): exits on the candle, then the macro decisions applied in order,
    /// then the strategy's set-up through the bias filter and the risk rules.
    /// </summary>
    internal void Step(EngineSymbol state, in Candle candle, IEngineListener listener, bool trade, ReadOnlySpan<MacroSignal> macroSignals, in EntryIntent? intent)
    {
        var symbol = state.Name;
        var closeMs = candle.OpenTimeMs + 60_000;
        state.Last = candle;

        if (trade && Portfolio.Open.Count > 0)
        {
            _closed.Clear();
            Portfolio.ResolveExits(symbol, candle, _closed);
            foreach (var t in _closed)
            {
                listener.OnExit(t);
            }
        }

        foreach (var signal in macroSignals)
        {
            ApplyMacro(symbol, state, signal, closeMs, listener, trade);
        }

        if (intent is { } setup && trade)
        {
            var id = Signal.MakeId(symbol, candle.OpenTimeMs, state.Strategy.Id);
            if (!_filter.Allows(symbol, setup.Side, state.Bias, closeMs))
            {
                listener.OnSkipped(new SkippedSignal(
                    id, symbol, candle.OpenTimeMs, setup.Side, SignalKind.Micro,
                    _reasons ? $"macro bias {WireNames.Of(state.Bias!.Side)} {state.Bias.Confidence:0.#} allows only {WireNames.Of(state.Bias.Side)}" : string.Empty,
                    setup.Reason));
            }
            else
            {
                Enter(symbol, SignalKind.Micro, setup, id, candle.OpenTimeMs, closeMs, state.Strategy.Id, listener);
            }
        }
    }

    /// <summary>
    /// An early warning on the still-forming candle <paramref name="forming"/> of the symbol behind
    /// <paramref name="state"/> (the optional 15-second cadence): the strategy's <see cref="IStrategy.Peek"/>, the bias
    /// filter and the risk rules' check (<see cref="Portfolio.Preview"/>), all at <paramref name="nowMs"/>, without
    /// changing anything. Returns the MICRO signal the closed candle would give if it closed like this, marked
    /// <see cref="Signal.Forming"/> with the id <see cref="Signal.MakeId"/> + <see cref="FormingIdSuffix"/>, sized as the
    /// risk rules would size it; null when there is no set-up or the filter or the risk rules would refuse it.
    /// </summary>
    /// <remarks>
    /// Not a paper trade: no position is opened, no exit is checked, no macro candle is resampled, and the closed
    /// candle of the minute is later decided exactly as without the peek (the backtest is unchanged). Call it with the
    /// engine as of the last decided minute, i.e. <paramref name="forming"/> is the minute after it.
    /// </remarks>
    public Signal? PeekForming(EngineSymbol state, in Candle forming, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Strategy.Peek(forming) is not { } intent || !_filter.WouldAllow(state.Name, intent.Side, state.Bias, nowMs))
        {
            return null;
        }

        var id = Signal.MakeId(state.Name, forming.OpenTimeMs, state.Strategy.Id) + FormingIdSuffix;
        if (Portfolio.Preview(id, state.Name, SignalKind.Micro, intent, nowMs).Position is not { } position)
        {
            return null;
        }

        return new Signal(
            id, state.Name, forming.OpenTimeMs, intent.Side, SignalKind.Micro, intent.Entry, intent.StopLoss, intent.TakeProfit,
            position.Quantity, intent.Strength, $"{intent.Reason}; forming candle as of {WireNames.Time(nowMs)}", state.Strategy.Id, Forming: true);
    }

    /// <summary>Closes every open position at its symbol's last close (exit reason END).</summary>
    public void Finish(IEngineListener listener)
    {
        _closed.Clear();
        Portfolio.CloseAll(symbol => (State(symbol).Last.OpenTimeMs, State(symbol).Last.Close), _closed);
        foreach (var t in _closed)
        {
            listener.OnExit(t);
        }
    }

    /// <summary>
    /// The engine's whole running state as bytes (<see cref="EngineStateWriter"/>): every symbol's strategy, indicators,
    /// resamplers, macro rules, bias and last candle, the bias filter and the portfolio. An engine created with the same
    /// configuration and given these bytes (<see cref="LoadState"/>) decides every later candle exactly as this one.
    /// </summary>
    public byte[] SaveState()
    {
        var state = new EngineStateWriter();
        state.Write(StateMarker);
        state.Write(_resampleMacro);
        _filter.Save(state);
        state.Write(_symbols.Count);
        foreach (var (name, symbol) in _symbols.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            state.Write(name);
            symbol.Save(state);
        }

        Portfolio.Save(state);
        state.Write(StateMarker);
        return state.ToArray();
    }

    /// <summary>Replaces this engine's state with <paramref name="state"/> from <see cref="SaveState"/> (an engine with the same configuration).</summary>
    /// <exception cref="FormatException">The bytes are damaged, or were saved by an engine set up otherwise (macro resampling, exit mode, divergence, slope length).</exception>
    public void LoadState(byte[] state)
    {
        var reader = new EngineStateReader(state);
        reader.Expect(StateMarker);
        if (reader.ReadBool() != _resampleMacro)
        {
            throw new FormatException($"engine state: saved with macro resampling {(_resampleMacro ? "off" : "on")}, this engine runs it {(_resampleMacro ? "on" : "off")}");
        }

        _filter.Load(reader);
        _symbols.Clear();
        var count = reader.ReadCount(100_000, "symbols");
        for (var i = 0; i < count; i++)
        {
            State(reader.ReadRequiredString("symbol")).Load(reader);
        }

        Portfolio.Load(reader);
        reader.Expect(StateMarker);
        reader.End();
    }

    /// <summary>
    /// Feeds the 5-minute candles this 1-minute candle closed (usually none, after a hole in the data
    /// possibly two) to the macro rules, each preceded by the 4-hour candle it completed, if any: 4-hour
    /// candles are built from the closed 5-minute ones, so both are only ever used once closed. The decisions made
    /// go to <paramref name="signals"/> in order; applying them changes nothing in the macro rules, so the engine applies
    /// them after this step, and <see cref="MacroTape"/> records them with this same step.
    /// </summary>
    internal static void StepMacro(EngineSymbol state, in Candle candle, List<MacroSignal> signals)
    {
        var macro = state.Macro!;
        foreach (var m5 in state.FiveMinute.Update(candle))
        {
            foreach (var h4 in state.FourHour.Update(m5))
            {
                macro.On4HourCandle(h4);
            }

            if (macro.On5MinuteCandle(m5) is { } signal)
            {
                signals.Add(signal);
            }
        }
    }

    private void ApplyMacro(string symbol, EngineSymbol state, MacroSignal signal, long closeMs, IEngineListener listener, bool trade)
    {
        state.Bias = signal.Bias;
        listener.OnBias(signal.Bias);
        if (trade)
        {
            var id = Signal.MakeId(symbol, signal.CandleOpenTimeMs, MacroRules.StrategyId);
            Enter(symbol, SignalKind.Swing, signal.Intent, id, signal.CandleOpenTimeMs, closeMs, MacroRules.StrategyId, listener);
        }
    }

    private void Enter(string symbol, SignalKind kind, in EntryIntent intent, string id, long candleOpenMs, long entryMs, string strategyId, IEngineListener listener)
    {
        var decision = Portfolio.TryOpen(id, symbol, kind, intent, entryMs);
        if (decision.Position is { } p)
        {
            listener.OnSignal(new Signal(
                id, symbol, candleOpenMs, intent.Side, kind, intent.Entry, intent.StopLoss, intent.TakeProfit, p.Quantity,
                intent.Strength, intent.Reason, strategyId));
        }
        else
        {
            listener.OnSkipped(new SkippedSignal(id, symbol, candleOpenMs, intent.Side, kind, decision.SkipReason!, intent.Reason));
        }
    }

    private EngineSymbol State(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var state))
        {
            state = new EngineSymbol(
                symbol,
                _indicators is null && _reasons ? _config.Strategy.CreateFor(symbol) : _config.Strategy.CreateFor(symbol, _indicators, _reasons),
                _resampleMacro ? new MacroRules(symbol, _config.Macro) : null,
                new CandleResampler(Interval.OneMinute, FiveMinutes),
                new CandleResampler(FiveMinutes, FourHours))
            {
                Tape = _tape?.For(symbol),
            };
            _symbols.Add(symbol, state);
        }

        return state;
    }
}
