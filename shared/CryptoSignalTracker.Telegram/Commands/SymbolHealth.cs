namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>How fresh one symbol's data is.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="LastTradeMs">Time of the last trade received (Unix ms UTC), or null.</param>
/// <param name="LastCandleMs">Open time of the last closed 1-minute candle (Unix ms UTC), or null.</param>
public sealed record SymbolHealth(string Symbol, long? LastTradeMs, long? LastCandleMs);
