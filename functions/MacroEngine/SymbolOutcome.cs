namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>What one symbol's run gave, as reported in the HTTP response.</summary>
/// <param name="Symbol">Bybit symbol.</param>
/// <param name="Status"><c>no signal</c>, <c>signal</c> (intent recorded now), <c>already recorded</c> or <c>error</c>.</param>
/// <param name="Source">Where the candles came from (<c>kraken</c>, <c>cryptocompare</c>); null when neither answered.</param>
/// <param name="Pair">The pair or market asked for at that source (<c>XBTUSDT</c>, <c>BTC/USDT</c>).</param>
/// <param name="SignalId">The SWING signal id (the intent's key) when the last closed 5-minute candle fired.</param>
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

    /// <summary>Status: fetching, storing or publishing failed.</summary>
    public const string Failed = "error";

    /// <summary>True unless the run failed for this symbol.</summary>
    public bool Succeeded => Status != Failed;
}
