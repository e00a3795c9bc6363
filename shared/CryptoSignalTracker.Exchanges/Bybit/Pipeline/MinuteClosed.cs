using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// The Ingestor's marker that a symbol's minute is over: run <paramref name="Run"/> published
/// <paramref name="Batches"/> batches for it. When the live feed did not see the whole minute (start-up,
/// socket drop) the marker carries Bybit's own kline as <paramref name="Backfill"/>, which then is the candle;
/// when it could not be backfilled either, <paramref name="Gap"/> is true and no candle is made.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Run">Id of the Ingestor process.</param>
/// <param name="MinuteMs">Open time of the minute (Unix ms).</param>
/// <param name="Batches">How many batches the run published for the minute (0 for a quiet minute).</param>
/// <param name="LastPrice">The last traded price the run knew at the minute's end (for quiet minutes), or null.</param>
/// <param name="Backfill">The REST kline of the minute, or null.</param>
/// <param name="Gap">True when the minute was not fully seen and could not be backfilled.</param>
/// <param name="Correction">
/// True when the minute was closed before and trades still arrived for it: the run published them as batches after the
/// ones it closed with, and <paramref name="Batches"/> is the new count. The Aggregator rewrites the candle and publishes
/// a correction event (docs/ingest.md).
/// </param>
public sealed record MinuteClosed(string Symbol, string Run, long MinuteMs, int Batches, double? LastPrice, Candle? Backfill, bool Gap, bool Correction = false);
