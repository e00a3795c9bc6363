using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using CryptoSignalTracker.Benchmarks.Telegram;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// Trade → signal latency through <c>cst run</c>'s in-process pipeline (issue 5 item 9, target p99 ≤ 1 ms from frame
/// received to signal emitted), on real BTCUSDT/SOLUSDT candles from data/sample: a day of history decided by the
/// LiveEngine, then the minute on which the backtester's engine opens an entry. One invocation = one fresh pipeline
/// (copy of a template SQLite file, engine rebuilt from it, Ingestor in the signal minute), timed from the first call
/// into the Ingestor to the ENTRY leaving the LiveEngine, through the in-process bus, the Aggregator's SQLite state and
/// candle store, and the LiveEngine's stores. The Ingestor's clock is a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>
/// moved past the 2 s close grace at once, so the figure is the code path, not the grace.
/// <list type="bullet">
/// <item><see cref="MinuteTradesAndClosingFrame"/>: the minute's trades (4 per symbol, rebuilding the real candles) and the
/// next minute's first trade, one flush, await the ENTRY (batches, markers, partials, merge, candle, decision).</item>
/// <item><see cref="ClosingFrame"/>: the minute's trades were already published and stored (as a live feed flushing every
/// 250 ms has them by the minute's end); only the closing frame, flush, await the ENTRY.</item>
/// <item>Peer <see cref="BareDecision"/>: the same minute's two candles into a warmed <see cref="TradingEngine"/> (Core),
/// what the backtester does per minute: the difference is the cost of bus, stores and aggregation.</item>
/// </list>
/// The <see cref="LatencyLog"/> also records each invocation with a Stopwatch (call into the Ingestor → the LiveEngine's
/// <c>published</c> callback for the ENTRY) and prints p50/p95/p99 of the measured iterations.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TradeToSignalBenchmarks
{
    /// <summary>Measured invocations per benchmark (one per iteration).</summary>
    public const int Iterations = 250;

    private const int Warmups = 10;
    private const long MinuteMs = 60_000;

    private readonly TradingConfig _config = new();
    private SignalMinute? _minute;
    private string _template = string.Empty;
    private PreparedPipeline? _pipeline;
    private TradingEngine? _engine;
    private readonly SignalSink _sink = new();
    private Candle[] _minuteCandles = [];
    private Trade[][] _minuteTrades = [];
    private Trade _closing;

    /// <summary>Finds the signal minute and builds the template database.</summary>
    [GlobalSetup]
    public void Setup()
    {
        LatencyLog.Clear();
        _minute = SignalMinute.Find(_config);
        _minuteCandles = [.. SignalMinute.Symbols.Select(s => _minute.At(s, _minute.OpenTimeMs))];
        _minuteTrades = [.. SignalMinute.Symbols.Select(s => SyntheticMinuteTrades.Of(s, _minute.At(s, _minute.OpenTimeMs)))];
        _closing = SignalMinute.Symbols.Select(s => SyntheticMinuteTrades.Of(s, _minute.At(s, _minute.OpenTimeMs + MinuteMs))[0])
            .OrderBy(t => t.TimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal).First();
        _template = PreparedPipeline.CreateTemplateAsync(_minute, _config).GetAwaiter().GetResult();
        Console.WriteLine($"// signal minute {WireNames.Time(_minute.OpenTimeMs)}: {_minute.Expected.Symbol} {WireNames.Of(_minute.Expected.Side)} {_minute.Expected.Id}; history from {WireNames.Time(_minute.OriginMs)}; load {LoadAverage()}");
    }

    /// <summary>Deletes the template and writes the self-recorded percentiles.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        PreparedPipeline.Delete(_template);
        LatencyLog.Report(nameof(MinuteTradesAndClosingFrame), Iterations, "minute's trades + closing frame → ENTRY published");
        LatencyLog.Report(nameof(ClosingFrame), Iterations, "closing frame → ENTRY published");
        LatencyLog.Report(nameof(BareDecision), Iterations, "TradingEngine.OnCandle on both candles");
    }

    /// <summary>A fresh pipeline before each timed minute.</summary>
    [IterationSetup(Target = nameof(MinuteTradesAndClosingFrame))]
    public void SetupPipeline() => _pipeline = PreparedPipeline.StartAsync(_template, _minute!, _config, minuteTradesPublished: false).GetAwaiter().GetResult();

    /// <summary>A fresh pipeline with the minute's batches already stored.</summary>
    [IterationSetup(Target = nameof(ClosingFrame))]
    public void SetupPipelineWithBatches() => _pipeline = PreparedPipeline.StartAsync(_template, _minute!, _config, minuteTradesPublished: true).GetAwaiter().GetResult();

    /// <summary>Stops the pipeline and deletes its database.</summary>
    [IterationCleanup(Targets = [nameof(MinuteTradesAndClosingFrame), nameof(ClosingFrame)])]
    public void CleanupPipeline()
    {
        _pipeline?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pipeline = null;
    }

    /// <summary>A fresh engine warmed with the history.</summary>
    [IterationSetup(Target = nameof(BareDecision))]
    public void SetupEngine()
    {
        _engine = _minute!.WarmEngine(_config);
        _sink.Entries.Clear();
    }

    /// <summary>The peer: the signal minute's candles into the backtester's engine (symbols in ordinal order, as the LiveEngine applies them).</summary>
    [Benchmark(Baseline = true)]
    public Signal BareDecision()
    {
        var started = Stopwatch.GetTimestamp();
        var engine = _engine!;
        for (var i = 0; i < _minuteCandles.Length; i++)
        {
            engine.OnCandle(engine.Symbol(SignalMinute.Symbols[i]), _minuteCandles[i], _sink, trade: true);
        }

        var signal = _sink.Entries.Count == 1 ? _sink.Entries[0] : throw new InvalidOperationException($"the engine gave {_sink.Entries.Count} entries");
        LatencyLog.Add(nameof(BareDecision), Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        return Check(signal);
    }

    /// <summary>The minute's trades and the next minute's first trade into the Ingestor, one flush, until the ENTRY is published.</summary>
    [Benchmark]
    public async Task<Signal> MinuteTradesAndClosingFrame()
    {
        var pipeline = _pipeline!;
        var started = Stopwatch.GetTimestamp();
        foreach (var trades in _minuteTrades)
        {
            pipeline.Ingestor.OnTrades(trades, trades[^1].TimeMs);
        }

        return await CloseAsync(pipeline, started, nameof(MinuteTradesAndClosingFrame));
    }

    /// <summary>The next minute's first trade into the Ingestor (the minute's batches are stored), one flush, until the ENTRY is published.</summary>
    [Benchmark]
    public async Task<Signal> ClosingFrame()
    {
        var pipeline = _pipeline!;
        var started = Stopwatch.GetTimestamp();
        return await CloseAsync(pipeline, started, nameof(ClosingFrame));
    }

    private async Task<Signal> CloseAsync(PreparedPipeline pipeline, long started, string name)
    {
        pipeline.Ingestor.OnTrades([_closing], _closing.TimeMs);
        pipeline.Clock.Advance(new Functions.Ingestor.IngestorOptions().CloseGrace);
        await pipeline.Ingestor.FlushAsync(final: false, CancellationToken.None);
        var (emitted, signal) = await pipeline.Entry;
        LatencyLog.Add(name, Stopwatch.GetElapsedTime(started, emitted).TotalMicroseconds);
        return Check(signal);
    }

    private Signal Check(Signal signal) =>
        signal.Id == _minute!.Expected.Id ? signal : throw new InvalidOperationException($"ENTRY {signal.Id} is not the backtester's {_minute.Expected.Id}");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(Warmups)
                .WithIterationCount(Iterations).WithInvocationCount(1).WithUnrollFactor(1).WithId("Monitoring250"));
            AddColumn(StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
        }
    }
}
