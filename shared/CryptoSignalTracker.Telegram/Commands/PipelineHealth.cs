namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>A health snapshot of the pipeline.</summary>
/// <param name="Symbols">Per watched symbol, ordered as they should be shown.</param>
/// <param name="LastMacroRunMs">When the macro engine last ran (Unix ms UTC), or null if never.</param>
public sealed record PipelineHealth(IReadOnlyList<SymbolHealth> Symbols, long? LastMacroRunMs);
