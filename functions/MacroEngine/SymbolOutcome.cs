namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>What one symbol's run gave, as reported in the HTTP response.</summary>
/// <param name="Symbol">Bybit symbol.</param>
/// <param name="Pair">Kraken pair requested.</param>
/// <param name="Status"><c>no signal</c>, <c>signal</c> (published now), <c>already published</c> or <c>error</c>.</param>
/// <param name="SignalId">The SWING signal id when the last closed 5-minute candle fired.</param>
/// <param name="Error">What failed, for <c>error</c>.</param>
public sealed record SymbolOutcome(string Symbol, string Pair, string Status, string? SignalId = null, string? Error = null)
{
    /// <summary>Status: the last closed 5-minute candle did not fire.</summary>
    public const string NoSignal = "no signal";

    /// <summary>Status: a signal fired and was published by this run.</summary>
    public const string Published = "signal";

    /// <summary>Status: a signal fired but an earlier run had already published it.</summary>
    public const string AlreadyPublished = "already published";

    /// <summary>Status: fetching or publishing failed.</summary>
    public const string Failed = "error";

    /// <summary>True unless the run failed for this symbol.</summary>
    public bool Succeeded => Status != Failed;
}
