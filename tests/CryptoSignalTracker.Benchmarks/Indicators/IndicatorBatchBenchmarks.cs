using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Benchmarks.Indicators;

/// <summary>
/// Batch indicators over 1,000,000 candles of <see cref="RandomWalk"/>. Each invocation counts as
/// 1,000,000 operations, so BenchmarkDotNet's Mean is nanoseconds per candle. Target: RSI ≤ 3 ns/candle.
/// </summary>
[MemoryDiagnoser]
public class IndicatorBatchBenchmarks
{
    private double[] _closes = [];
    private Candle[] _candles = [];
    private double[] _output = [];

    /// <summary>Builds the walk and the output buffer once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _closes = RandomWalk.Closes();
        _candles = RandomWalk.Candles();
        _output = new double[RandomWalk.Length];
    }

    /// <summary>RSI(14) over 1,000,000 closes.</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void RsiBatch() => Rsi.Compute(_closes, _output, 14);

    /// <summary>EMA(20) over 1,000,000 closes.</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void EmaBatch() => Ema.Compute(_closes, _output, 20);

    /// <summary>ATR(14) over 1,000,000 candles.</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void AtrBatch() => Atr.Compute(_candles, _output, 14);

    /// <summary>The NaN rule's check of 1,000,000 closes alone (part of every batch above): its share of RsiBatch.</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void FiniteCheckCloses() => FiniteInput.CheckAll(nameof(Rsi), _closes);

    /// <summary>The NaN rule's check of 1,000,000 candles as a pass of its own (what candle batches avoid by checking in their loop).</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void FiniteCheckCandles() => FiniteInput.CheckAll(nameof(Atr), _candles);
}
