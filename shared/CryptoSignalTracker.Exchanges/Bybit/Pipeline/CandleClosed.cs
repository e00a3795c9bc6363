using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// A <c>candles-1m</c> event: one closed 1-minute candle of <paramref name="Symbol"/>, or, with
/// <paramref name="Forming"/>, the minute so far (the optional forming-candle cadence, <c>Aggregator:FormingEvery</c>).
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Candle">The candle (Trades -1 and Buy/SellVolume NaN when from a kline).</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Forming">
/// True for a still-forming candle: the trades of the minute so far, published for early warnings only; it is never
/// stored and must not be decided as a closed candle. False (the default, and when the field is absent) for a closed one.
/// </param>
/// <param name="Correction">
/// True for a corrected candle: the minute was closed and published before, and trades that arrived later changed it.
/// The store holds the corrected candle; a LogicEngine that already decided the minute keeps its decision (docs/ingest.md).
/// </param>
public sealed record CandleClosed(string Symbol, Candle Candle, CandleClosedSource Source, bool Forming = false, bool Correction = false)
{
    /// <summary>The id the event is deduplicated by: <c>SYMBOL.unixSeconds</c>.</summary>
    public string Key => $"{Symbol}.{Candle.OpenTimeMs / 1000}";
}
