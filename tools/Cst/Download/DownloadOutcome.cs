using CryptoSignalTracker.Core.Aggregation;

namespace CryptoSignalTracker.Cli.Download;

/// <summary>What one symbol's download produced.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Path">The finished candle file.</param>
/// <param name="Candles">Candles in the file.</param>
/// <param name="ResumedFromMs">Open time the download resumed at (an earlier run's partial file), or null for a fresh or complete file.</param>
/// <param name="AlreadyComplete">The file was already there from an earlier run; nothing was requested.</param>
/// <param name="LastOpenMs">The last minute asked for: the end of the range, or the last closed minute (the forming one is never written).</param>
/// <param name="Holes">Minutes Bybit had no candle for, in time order; reported, never filled.</param>
internal sealed record DownloadOutcome(string Symbol, string Path, int Candles, long? ResumedFromMs, bool AlreadyComplete, long LastOpenMs, IReadOnlyList<CandleGap> Holes);
