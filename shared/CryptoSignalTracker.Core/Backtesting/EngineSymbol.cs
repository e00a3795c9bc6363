using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// One symbol's decision state inside a <see cref="TradingEngine"/>: its strategy, macro rules, resamplers
/// and current bias. Obtained from <see cref="TradingEngine.Symbol"/>; callers only hold and pass it.
/// </summary>
public sealed class EngineSymbol
{
    internal EngineSymbol(string name, IStrategy strategy, MacroRules? macro, CandleResampler fiveMinute, CandleResampler fourHour)
    {
        Name = name;
        Strategy = strategy;
        Macro = macro;
        FiveMinute = fiveMinute;
        FourHour = fourHour;
    }

    /// <summary>The symbol.</summary>
    public string Name { get; }

    /// <summary>The symbol's current macro bias, valid or not.</summary>
    public MacroBias? Bias { get; internal set; }

    internal IStrategy Strategy { get; }

    internal MacroRules? Macro { get; }

    internal CandleResampler FiveMinute { get; }

    internal CandleResampler FourHour { get; }

    internal Candle Last { get; set; }

    /// <summary>Writes the symbol's state (engine snapshots).</summary>
    internal void Save(EngineStateWriter state)
    {
        state.Write(Bias);
        state.Write(Last);
        state.Write(Macro is not null);
        Strategy.SaveState(state);
        Macro?.Save(state);
        FiveMinute.Save(state);
        FourHour.Save(state);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(EngineStateReader state)
    {
        Bias = state.ReadBias();
        Last = state.ReadCandle();
        if (state.ReadBool() != Macro is not null)
        {
            throw new FormatException($"engine state: {Name} was saved with macro resampling {(Macro is null ? "on" : "off")}, the engine runs it {(Macro is null ? "off" : "on")}");
        }

        Strategy.LoadState(state);
        Macro?.Load(state);
        FiveMinute.Load(state);
        FourHour.Load(state);
    }

    /// <summary>The symbol's recorded macro decisions when the engine replays a <see cref="MacroTape"/>, and the next one due.</summary>
    internal MacroTape.Track? Tape { get; init; }

    internal int TapeIndex { get; set; }
}
