using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Benchmarks.Backtesting;

/// <summary>
/// The full decision pipeline (V5.2 Champion, macro engine on resampled 5m/4h candles, bias filter, risk and
/// positions, metrics) over 9 symbols × 1 year of 1-minute candles (4.73 million) on one core, beside a bare
/// RSI(14) pass over the same candles. Targets: ≤ 1 s, and ≤ 3× the bare RSI pass.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class StrategyBenchmarks
{
    private IReadOnlyList<SymbolSeries> _series = [];
    private readonly TradingConfig _config = new();

    /// <summary>Builds the 4.73 million candles.</summary>
    [GlobalSetup]
    public void Setup() => _series = SyntheticCandles.Year(9);

    /// <summary>The peer: one incremental RSI(14) per symbol over every candle.</summary>
    [Benchmark(Baseline = true)]
    public double BareRsiPass()
    {
        double sum = 0;
        foreach (var s in _series)
        {
            var rsi = new Rsi(14);
            foreach (var c in s.Candles)
            {
                sum += rsi.Update(c.OpenTimeMs, c.Close);
            }
        }

        return sum;
    }

    /// <summary>The whole backtest: what the live pipeline runs, candle by candle, on one merged timeline.</summary>
    [Benchmark]
    public int FullStrategy9Symbols1Year() => Backtester.Run(_series, _config).Trades.Count;
}
