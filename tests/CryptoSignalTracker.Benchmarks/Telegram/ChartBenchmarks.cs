using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Telegram;

/// <summary>
/// The 📊 Chart button's picture: 120 one-minute BTC candles (plus 140 for the RSI warm-up) with a signal and its
/// exit, 640 × 720 PNG, beside the peer: the equity chart PNG of 640 × 360. PNG sizes are printed in the setup log.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ChartBenchmarks
{
    private readonly CandleChartRenderer _candles = new();
    private readonly EquityChartRenderer _equity = new();
    private CandleChartRequest? _request;
    private IReadOnlyList<EquityPoint> _points = [];

    /// <summary>Reads the bundled BTC month (found from the repository root upwards).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        var file = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
        var all = CandleCsvReader.ReadFile(file);
        const long signalMs = 1_748_795_940_000;
        var i = all.ToList().FindIndex(c => c.OpenTimeMs == signalMs);
        var candles = all.Skip(i - 170).Take(260).ToList();
        var entry = candles[170].Close;
        _request = new CandleChartRequest("BTCUSDT", candles)
        {
            FromMs = candles[140].OpenTimeMs,
            Signals = [new SignalOverlay(signalMs, Direction.Long, entry, entry * 0.993, entry * 1.015, new TradeExitOverlay(signalMs + (83 * 60_000), candles[253].Close, ExitReason.Time))],
        };
        var equity = 10_000.0;
        _points = [.. Enumerable.Range(0, 200).Select(k => new EquityPoint(signalMs + (k * 3_600_000L), equity += Math.Sin(k) * 40))];
        Console.WriteLine($"// candle chart PNG: {_candles.Render(_request).Length} bytes; equity chart PNG: {_equity.RenderEquity(_points).Length} bytes");
    }

    /// <summary>The peer: an equity chart PNG.</summary>
    [Benchmark(Baseline = true)]
    public int EquityChart() => _equity.RenderEquity(_points).Length;

    /// <summary>The chart button's candlestick PNG.</summary>
    [Benchmark]
    public int SignalCandleChart() => _candles.Render(_request!).Length;
}
