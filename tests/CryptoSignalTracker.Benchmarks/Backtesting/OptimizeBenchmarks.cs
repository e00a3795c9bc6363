using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Optimization;

namespace CryptoSignalTracker.Benchmarks.Backtesting;

/// <summary>
/// <c>cst optimize</c>'s work: the original 324-combination grid (in-sample + out-of-sample runs each) over
/// the 5 real 30-day files in ../shared/data/candles on all cores, beside one plain backtest of the same
/// data. Target: ≤ 30 s on the 2-core machine.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class OptimizeBenchmarks
{
    private IReadOnlyList<SymbolSeries> _series = [];
    private readonly TradingConfig _config = new();

    /// <summary>Reads the five real candle files (found from the repository root upwards).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dir = FindSharedCandles();
        _series = Directory.GetFiles(dir, "bybit_linear_*_1m_*.csv").Order(StringComparer.Ordinal)
            .Select(f => new SymbolSeries(Path.GetFileName(f).Split('_')[2], CandleCsvReader.ReadFile(f)))
            .ToList();
        if (_series.Count != 5)
        {
            throw new InvalidOperationException($"expected the 5 real candle files in {dir}, found {_series.Count}");
        }
    }

    /// <summary>The peer: one backtest of the five files.</summary>
    [Benchmark(Baseline = true)]
    public int OneBacktest() => Backtester.Run(_series, _config).Trades.Count;

    /// <summary>324 combinations × (in-sample + out-of-sample), all cores.</summary>
    [Benchmark]
    public int Grid324() => Optimizer.Run(_series, _config, new ParameterGrid()).Count;

    private static string FindSharedCandles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "candles");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/data/candles beside the repository was not found");
    }
}
