using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>What <see cref="CandleAggregator.Aggregate(ReadOnlySpan{Trade}, CandleAggregatorOptions?)"/> produced.</summary>
/// <param name="Candles">Closed candles in time order (quiet intervals filled flat, holes left out).</param>
/// <param name="Gaps">The holes that were not filled, in time order.</param>
/// <param name="Duplicates">Trades skipped because their id had been seen at the same time already.</param>
public sealed record AggregationResult(IReadOnlyList<Candle> Candles, IReadOnlyList<CandleGap> Gaps, long Duplicates);
