using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Macro;

/// <summary>One symbol's closed 4-hour and 5-minute candles and where they came from.</summary>
/// <param name="Source"><see cref="MacroCandleFeed.Kraken"/> or <see cref="MacroCandleFeed.CryptoCompare"/>.</param>
/// <param name="Pair">The pair or market asked for at that source (<c>XBTUSDT</c>, <c>BTC/USDT</c>).</param>
/// <param name="FourHour">Closed 4-hour candles, ascending, on 00:00/04:00/… UTC.</param>
/// <param name="FiveMinute">Closed 5-minute candles, ascending, on multiples of 5 minutes.</param>
/// <param name="KrakenError">Why Kraken was not used, when the candles came from the fallback.</param>
public sealed record MacroCandles(string Source, string Pair, IReadOnlyList<Candle> FourHour, IReadOnlyList<Candle> FiveMinute, string? KrakenError = null);
