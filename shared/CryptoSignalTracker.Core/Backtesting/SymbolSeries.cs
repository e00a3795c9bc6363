using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>One symbol's closed 1-minute candles, open times strictly increasing.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Candles">The candles.</param>
public sealed record SymbolSeries(string Symbol, IReadOnlyList<Candle> Candles);
