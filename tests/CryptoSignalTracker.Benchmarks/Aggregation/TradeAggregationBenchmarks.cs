using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Aggregation;

/// <summary>
/// 10,000,000 parsed trades → 1-minute candles on one core. Target: ≥ 50 million trades/s and 0 bytes per
/// trade. Times and allocations are reported per trade (OperationsPerInvoke). Peer: the usual dictionary
/// keyed by minute (no de-duplication, no gap handling).
/// </summary>
[MemoryDiagnoser]
public class TradeAggregationBenchmarks
{
    private const int TradeCount = 10_000_000;
    private const long MinuteMs = 60_000;

    private Trade[] _trades = [];

    /// <summary>Generates the trades once.</summary>
    [GlobalSetup]
    public void Setup() => _trades = SyntheticTrades.Create(TradeCount);

    /// <summary>The batch path (the incremental aggregator run over the span, then flushed).</summary>
    [Benchmark(OperationsPerInvoke = TradeCount)]
    public int CandleAggregator_Aggregate() => CandleAggregator.Aggregate(_trades).Candles.Count;

    /// <summary>Peer: a dictionary of per-minute candles.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TradeCount)]
    public int DictionaryByMinute()
    {
        var candles = new Dictionary<long, Candle>();
        foreach (var t in _trades)
        {
            var minute = t.TimeMs - (t.TimeMs % MinuteMs);
            candles[minute] = candles.TryGetValue(minute, out var c)
                ? c with
                {
                    High = Math.Max(c.High, t.Price),
                    Low = Math.Min(c.Low, t.Price),
                    Close = t.Price,
                    Volume = c.Volume + t.Size,
                    Trades = c.Trades + 1,
                    BuyVolume = c.BuyVolume + (t.Side == TakerSide.Buy ? t.Size : 0),
                    SellVolume = c.SellVolume + (t.Side == TakerSide.Sell ? t.Size : 0),
                }
                : new Candle(minute, t.Price, t.Price, t.Price, t.Price, t.Size, 1, t.Side == TakerSide.Buy ? t.Size : 0, t.Side == TakerSide.Sell ? t.Size : 0);
        }

        return candles.Count;
    }
}
