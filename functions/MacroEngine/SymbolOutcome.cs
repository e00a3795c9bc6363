namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>What one symbol's run gave, as reported in the HTTP response.</summary>
/// <param name="Symbol">Bybit symbol.</param>
/// <param name="Status">Role Decide: <c>no signal</c>, <c>signal</c> (intent recorded now), <c>already recorded</c>; role CrossCheck: <c>agrees</c>, <c>differs</c>, <c>not decided yet</c>; both: <c>error</c>.</param>
/// <param name="Source">Where the candles came from (<c>kraken</c>, <c>cryptocompare</c>); null when neither answered.</param>
/// <param name="Pair">The pair or market asked for at that source (<c>XBTUSDT</c>, <c>BTC/USDT</c>).</param>
/// <param name="SignalId">The SWING signal id (the intent's key) when the last closed 5-minute candle fired on the fetched candles.</param>
/// <param name="Error">What failed, for <c>error</c>.</param>
/// <param name="KrakenError">Why Kraken was not used, when the candles came from CryptoCompare.</param>
public sealed record SymbolOutcome(string Symbol, string Status, string? Source = null, string? Pair = null, string? SignalId = null, string? Error = null, string? KrakenError = null)
{
    /// <summary>Status: the last closed 5-minute candle did not fire.</summary>
    public const string NoSignal = "no signal";

    /// <summary>Status: a signal fired and this run recorded its SWING intent.</summary>
    public const string Recorded = "signal";

    /// <summary>Status: a signal fired but its intent had already been recorded (a re-run on the same candles).</summary>
    public const string AlreadyRecorded = "already recorded";

    /// <summary>Status (cross-check): Kraken's candle and the LogicEngine's Bybit candle of the same slot gave the same decision.</summary>
    public const string Agrees = "agrees";

    /// <summary>Status (cross-check): they gave different decisions (one fired, the other not, or opposite sides).</summary>
    public const string Differs = "differs";

    /// <summary>Status (cross-check): the LogicEngine has not decided that slot yet (its watermark is before the candle's close).</summary>
    public const string NotDecidedYet = "not decided yet";

    /// <summary>Status: fetching, storing or publishing failed.</summary>
    public const string Failed = "error";

    /// <summary>True unless the run failed for this symbol.</summary>
    public bool Succeeded => Status != Failed;
}
