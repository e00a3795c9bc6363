using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// A batch of one symbol's trades, all in one minute, published by the Ingestor run <paramref name="Run"/> as
/// its <paramref name="Sequence"/>-th batch of that minute (1-based).
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Run">Id of the Ingestor process that numbered the batch (two Ingestors number independently).</param>
/// <param name="MinuteMs">Open time of the minute (Unix ms).</param>
/// <param name="Sequence">1-based number of the batch within (symbol, minute, run).</param>
/// <param name="Trades">The trades, in time order, none duplicated.</param>
public sealed record TradeBatch(string Symbol, string Run, long MinuteMs, int Sequence, IReadOnlyList<Trade> Trades);
