using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Durable 1-minute candles per symbol (Bigtable <c>market-data-1m</c> on Google Cloud, a SQLite file
/// embedded). A candle is keyed by symbol and open time; writing it again replaces it, so a rewrite of
/// the same candle is harmless and the last write wins.
/// </summary>
public interface ICandleStore
{
    /// <summary>
    /// Writes (inserts or replaces) <paramref name="candles"/> of <paramref name="symbol"/>. Every open
    /// time must be a whole minute. Either completes for all candles or throws a <see cref="StoreException"/>.
    /// </summary>
    Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the candles of <paramref name="symbol"/> whose open time lies in
    /// [<paramref name="fromMs"/>, <paramref name="toMs"/>) (Unix ms), in ascending time order.
    /// </summary>
    /// <exception cref="CorruptRecordException">A stored candle cannot be decoded (names the row).</exception>
    Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default);
}
