using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CryptoSignalTracker.Benchmarks.Backtesting;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.Benchmarks.ColdStart;

/// <summary>
/// The LogicEngine's cold start after one simulated year of history: a new <see cref="LiveEngine"/> on stores holding
/// 9 symbols × 525,600 synthetic 1-minute candles (<see cref="SyntheticCandles"/>, fixed seeds) with the watermark at the
/// year's end, timed from construction until the next minute is decided (its 9 candles handed in). FromSnapshot: the
/// newest snapshot is 59 minutes old (the worst case with hourly snapshots), so the rebuild loads it and replays 59
/// minutes. The peer, FullReplay: no snapshot, the rebuild replays the whole year (what every cold start did before).
/// Backends: embedded (SQLite file) and emulators (Bigtable emulator for candles, Firestore emulator for state; run
/// <c>bash tests/CryptoSignalTracker.Benchmarks/ColdStart/run.sh</c>, which starts a private Bigtable emulator).
/// </summary>
[Config(typeof(Config))]
public class ColdStartBenchmarks
{
    private const long MinuteMs = 60_000;
    private const int SymbolCount = 9;

    private readonly TradingConfig _config = new();
    private IReadOnlyList<SymbolSeries> _series = [];
    private LivePorts _ports = null!;
    private InProcessMessageBus _bus = null!;
    private GoogleChannelFactory? _channels;
    private BigtableTableManager? _table;
    private string? _sqlitePath;
    private LiveEngineOptions _options = null!;
    private long _watermark;
    private string _snapshotKey = null!;
    private string _snapshotJson = null!;

    /// <summary>The backends measured: both, or those CST_COLDSTART_BACKENDS names (comma-separated).</summary>
    public static IEnumerable<string> Backends =>
        Environment.GetEnvironmentVariable("CST_COLDSTART_BACKENDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? ["embedded", "emulators"];

    /// <summary>embedded: SQLite; emulators: Bigtable + Firestore emulators (BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST).</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "embedded";

    /// <summary>Stores the year, decides it once (a full replay that writes the hourly snapshots), keeps the snapshot 59 minutes before the watermark.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Deletes the SQLite file or the Bigtable table.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _table?.DeleteAsync().GetAwaiter().GetResult();
        _channels?.Dispose();
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }
    }

    /// <summary>Puts the watermark back at the year's end and the 59-minute-old snapshot back as the newest.</summary>
    [IterationSetup(Target = nameof(FromSnapshot))]
    public void ResetWithSnapshot() => ResetAsync(withSnapshot: true).GetAwaiter().GetResult();

    /// <summary>Puts the watermark back at the year's end with no snapshot.</summary>
    [IterationSetup(Target = nameof(FullReplay))]
    public void ResetWithoutSnapshot() => ResetAsync(withSnapshot: false).GetAwaiter().GetResult();

    /// <summary>Cold start from the newest snapshot to the first decision.</summary>
    [Benchmark]
    public long FromSnapshot() => DecideNextMinuteAsync(_options).GetAwaiter().GetResult();

    /// <summary>The peer: cold start by a full replay of the year to the first decision.</summary>
    [Benchmark(Baseline = true)]
    public long FullReplay() => DecideNextMinuteAsync(_options with { SnapshotEveryMinutes = 0 }).GetAwaiter().GetResult();

    private async Task<long> DecideNextMinuteAsync(LiveEngineOptions options)
    {
        var engine = new LiveEngine(_config, options, _ports);
        var next = _watermark + MinuteMs;
        foreach (var s in _series)
        {
            await engine.OnCandleAsync(s.Symbol, s.Candles.First(c => c.OpenTimeMs == next), default);
        }

        return engine.Watermark >= next ? next : throw new InvalidOperationException($"the minute {next} was not decided (watermark {engine.Watermark})");
    }

    private async Task SetupAsync()
    {
        _series = SyntheticCandles.Year(SymbolCount);
        _options = new LiveEngineOptions { Symbols = [.. _series.Select(s => s.Symbol)], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
        _bus = new InProcessMessageBus();
        await _bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, default);
        await _bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        if (Backend == "embedded")
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"cst-coldstart-{Environment.ProcessId}.db");
            var database = new SqliteDatabase(_sqlitePath);
            _ports = new LivePorts(new SqliteCandleStore(database), new SqliteStateStore(database), new SqliteBiasStore(database), new SqlitePositionBook(database), _bus);
        }
        else
        {
            _channels = new GoogleChannelFactory();
            var tableOptions = new BigtableCandleStoreOptions { ProjectId = "cst-bench", InstanceId = "cst-bench", TableId = $"coldstart-{Environment.ProcessId}" };
            _table = new BigtableTableManager(_channels, tableOptions);
            await _table.CreateIfAbsentAsync();
            var firestore = new FirestoreDatabase(_channels, new FirestoreOptions { ProjectId = $"cst-bench-coldstart-{Environment.ProcessId}" });
            _ports = new LivePorts(new BigtableCandleStore(_channels, tableOptions), new FirestoreStateStore(firestore), new FirestoreBiasStore(firestore), new FirestorePositionBook(firestore), _bus);
        }

        foreach (var s in _series)
        {
            await _ports.Candles.WriteAsync(s.Symbol, s.Candles);
        }

        var first = _series[0].Candles[0].OpenTimeMs;
        _watermark = _series[0].Candles[^1].OpenTimeMs - MinuteMs; // the year's last minute is the first to decide
        var snapshotMs = _watermark - (59 * MinuteMs);
        await _ports.State.PutAsync(LiveEngine.StateCollection, "origin", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await PutWatermarkAsync(snapshotMs);

        // The year decided once: a full replay, which writes a snapshot after each replayed day and at its end.
        var engine = new LiveEngine(_config, _options, _ports);
        var decided = _series[0].Candles.First(c => c.OpenTimeMs == snapshotMs);
        await engine.OnCandleAsync(_series[0].Symbol, decided, default);
        _snapshotKey = EngineSnapshot.Key(snapshotMs);
        _snapshotJson = await _ports.State.GetAsync(EngineSnapshot.Collection, _snapshotKey)
            ?? throw new InvalidOperationException("the setup replay wrote no snapshot at its end");
        Console.WriteLine($"// {Backend}: {SymbolCount} symbols x {_series[0].Candles.Count} minutes stored; snapshot {_snapshotKey} is {_snapshotJson.Length} characters");
    }

    private async Task ResetAsync(bool withSnapshot)
    {
        foreach (var (key, _) in await _ports.State.ListAsync(EngineSnapshot.Collection))
        {
            await _ports.State.TryDeleteAsync(EngineSnapshot.Collection, key);
        }

        if (withSnapshot)
        {
            await _ports.State.PutAsync(EngineSnapshot.Collection, _snapshotKey, _snapshotJson);
        }

        await PutWatermarkAsync(_watermark);
    }

    private Task PutWatermarkAsync(long minuteMs) =>
        _ports.State.PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, minuteMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process (no rebuild of a separate project); each operation is a whole cold start, one per iteration. The
            // emulator set-up (a year of candles written to Bigtable, then replayed once) outlasts the default timeout.
            AddJob(Job.Default
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("InProcess-3x"));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
