using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The half of <see cref="TradingEngine.OnCandle(EngineSymbol, in Candle, IEngineListener, bool, MacroSignal)"/> that
/// depends on one symbol's candles alone: its macro step (5m/4h resampling and <see cref="MacroRules"/>) and its
/// strategy. Fed the symbol's candles piece by piece in order (on a reading thread, see
/// <see cref="BacktestOptions.DecideAhead"/>), it returns each piece's decisions, which
/// <see cref="TradingEngine.Step"/> then trades on exactly as OnCandle would have.
/// </summary>
internal sealed class SymbolDecider
{
    private readonly EngineSymbol _state;
    private readonly List<MacroSignal> _signals = [];

    /// <summary>A decider with the state a fresh engine under <paramref name="config"/> has for <paramref name="symbol"/>, warmed up by <paramref name="warmUp"/>.</summary>
    public SymbolDecider(TradingConfig config, string symbol, MacroWarmUp? warmUp)
    {
        var engine = new TradingEngine(config);
        if (warmUp is not null)
        {
            engine.WarmUpMacro(warmUp);
        }

        _state = engine.Symbol(symbol);
    }

    /// <summary>The decisions on <paramref name="candles"/>, the symbol's next candles.</summary>
    public PieceDecisions Decide(ReadOnlyMemory<Candle> candles)
    {
        List<int>? macroAt = null, intentAt = null;
        List<MacroSignal>? macro = null;
        List<EntryIntent>? intents = null;
        var span = candles.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (_state.Macro is not null)
            {
                _signals.Clear();
                TradingEngine.StepMacro(_state, span[i], _signals);
                foreach (var signal in _signals)
                {
                    (macroAt ??= []).Add(i);
                    (macro ??= []).Add(signal);
                }
            }

            if (_state.Strategy.OnCandle(span[i]) is { } intent)
            {
                (intentAt ??= []).Add(i);
                (intents ??= []).Add(intent);
            }
        }

        return macroAt is null && intentAt is null
            ? PieceDecisions.None
            : new PieceDecisions([.. macroAt ?? []], [.. macro ?? []], [.. intentAt ?? []], [.. intents ?? []]);
    }
}

/// <summary>
/// One piece's decisions (<see cref="SymbolDecider"/>): the macro decisions and the strategy's set-ups, each with the
/// index in the piece of the candle that made it, in order.
/// </summary>
internal sealed record PieceDecisions(int[] MacroAt, MacroSignal[] Macro, int[] IntentAt, EntryIntent[] Intents)
{
    public static PieceDecisions None { get; } = new([], [], [], []);
}
