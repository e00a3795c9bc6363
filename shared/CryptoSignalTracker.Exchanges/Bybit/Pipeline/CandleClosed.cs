using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>A <c>candles-1m</c> event: one closed 1-minute candle of <paramref name="Symbol"/>.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Candle">The candle (Trades -1 and Buy/SellVolume NaN when from a kline).</param>
/// <param name="Source">Where it came from.</param>
public sealed record CandleClosed(string Symbol, Candle Candle, CandleClosedSource Source)
{
    /// <summary>The id the event is deduplicated by: <c>SYMBOL.unixSeconds</c>.</summary>
    public string Key => $"{Symbol}.{Candle.OpenTimeMs / 1000}";
}
