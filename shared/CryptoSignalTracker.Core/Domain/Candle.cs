namespace CryptoSignalTracker.Core.Domain;

/// <summary>An OHLCV bar. The candle's time is its <b>open</b> time.</summary>
/// <param name="OpenTimeMs">Open time of the interval, Unix milliseconds UTC.</param>
/// <param name="Open">Price of the first trade in the interval.</param>
/// <param name="High">Highest trade price.</param>
/// <param name="Low">Lowest trade price.</param>
/// <param name="Close">Price of the last trade in the interval.</param>
/// <param name="Volume">Traded size in base currency.</param>
/// <param name="Trades">Number of trades; 0 for a flat filler candle or when the source does not say (-1).</param>
/// <param name="BuyVolume">Volume whose taker bought (NaN when the source does not say).</param>
/// <param name="SellVolume">Volume whose taker sold (NaN when the source does not say).</param>
public readonly record struct Candle(
    long OpenTimeMs,
    double Open,
    double High,
    double Low,
    double Close,
    double Volume,
    int Trades = -1,
    double BuyVolume = double.NaN,
    double SellVolume = double.NaN)
{
    /// <summary>Open time as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset OpenTime => DateTimeOffset.FromUnixTimeMilliseconds(OpenTimeMs);

    /// <summary>A flat candle at <paramref name="price"/> with no volume and no trades (a quiet minute).</summary>
    public static Candle Flat(long openTimeMs, double price) => new(openTimeMs, price, price, price, price, 0, 0, 0, 0);
}
