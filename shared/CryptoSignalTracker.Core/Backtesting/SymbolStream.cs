using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// One symbol's closed 1-minute candles handed to the <see cref="Backtester"/> piece by piece, open times strictly
/// increasing (e.g. read from a file while the backtest runs, so a year of candles is never in memory at once).
/// </summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Chunks">The candles in order, in pieces. A piece is used only until the next one is asked for, so a
/// reader may hand out the same buffer again. The backtester stops asking (and disposes the enumerator) after the
/// last candle it needs.</param>
/// <param name="ExpectedCandles">How many candles the pieces hold, as far as known (for progress only).</param>
public sealed record SymbolStream(string Symbol, IEnumerable<ReadOnlyMemory<Candle>> Chunks, long ExpectedCandles);
