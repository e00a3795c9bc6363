namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>What the scheduled MacroEngine does (setting <c>MacroEngine:Role</c>).</summary>
public enum MacroEngineRole
{
    /// <summary>
    /// Default. The LogicEngine decides the macro on the pipeline's own Bybit candles (<c>Logic:ResampleMacro</c>, on by
    /// default); each run republishes every symbol's stored bias on <c>macro-bias-updates</c> (a safety net for a
    /// subscriber that missed an event) and checks the LogicEngine's decision on the last closed 5-minute candle against
    /// the same rules on Kraken's (else CryptoCompare's) candles, reported in the log and the response. Writes nothing.
    /// </summary>
    CrossCheck,

    /// <summary>
    /// The former live mode, for a LogicEngine run with <c>Logic:ResampleMacro=false</c>: the rules on Kraken's candles
    /// decide; the run stores the bias, records the SWING intent the LogicEngine applies, and publishes the bias.
    /// </summary>
    Decide,
}
