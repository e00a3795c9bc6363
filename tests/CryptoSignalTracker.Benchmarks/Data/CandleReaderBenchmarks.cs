using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CryptoSignalTracker.Benchmarks.Backtesting;
using CryptoSignalTracker.Core.Data;

namespace CryptoSignalTracker.Benchmarks.Data;

/// <summary>
/// Reading one synthetic year of 1-minute candles (525,600 rows, the file <c>generate-year</c> writes for BTCUSDT):
/// the Sep reader into one array and piece by piece, and the binary cache beside the file. Mean is nanoseconds per
/// candle (OperationsPerInvoke = rows). The decision run also timed the reader it replaced (commit 2736532 holds
/// that peer); docs/benchmarks.md has both.
/// </summary>
/// <remarks>
/// Runs in process (no generated project to build, which on the shared machine took longer than the run): each
/// invocation reads the whole file, so the in-process harness adds nothing measurable.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoring))]
public class CandleReaderBenchmarks
{
    private const int Rows = SyntheticCandles.MinutesPerYear;
    private string _dir = string.Empty;
    private string _path = string.Empty;

    /// <summary>Writes the file into a temporary folder and its cache beside it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"cst-reader-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "bybit_linear_BTCUSDT_1m_2025-01-01_2026-01-01.csv");
        YearCandleFiles.Write(_path, SyntheticCandles.Year(1)[0].Candles);
        if (CandleFileCache.Read(_path).Length != Rows || !CandleFileCache.IsValid(_path))
        {
            throw new InvalidOperationException("the cache was not written");
        }
    }

    /// <summary>Removes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary><see cref="CandleCsvReader.ReadFile"/>: Sep, every check, one exact array (the peer of the other two).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int SepReader() => CandleCsvReader.ReadFile(_path).Count;

    /// <summary><see cref="CandleCsvReader.ReadFileChunks"/>: the same parse into one reused 16,384-candle piece (what cst backtest does on a first run).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int SepReaderPieces()
    {
        var n = 0;
        foreach (var piece in CandleCsvReader.ReadFileChunks(_path))
        {
            n += piece.Length;
        }

        return n;
    }

    /// <summary><see cref="CandleFileCache.Read"/> with a valid cache: header, XxHash3 check, copy.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int Cache() => CandleFileCache.Read(_path).Length;

    /// <summary>Monitoring (each invocation is one whole file), 2 warm-ups, 8 iterations, in this process.</summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() =>
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(8)
                .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
