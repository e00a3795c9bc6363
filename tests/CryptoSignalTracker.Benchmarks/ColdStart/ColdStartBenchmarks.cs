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

    // One stored year per backend, shared by both benchmark cases of that backend (in-process, one host process): the
    // emulator set-up is the expensive part, so it is written and decided once and removed when the process exits.
    private static readonly Dictionary<string, StoredYear> Years = [];

    private readonly TradingConfig _config = new();
    private StoredYear _year = null!;

    /// <summary>The backends measured: both, or those CST_COLDSTART_BACKENDS names (comma-separated).</summary>
    public static IEnumerable<string> Backends =>
        Environment.GetEnvironmentVariable("CST_COLDSTART_BACKENDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? ["embedded", "emulators"];

    /// <summary>embedded: SQLite; emulators: Bigtable + Firestore emulators (BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST).</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "embedded";

    /// <summary>Stores the year, decides it once (a full replay that writes the hourly snapshots), keeps the snapshot 59 minutes before the watermark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        lock (Years)
        {
            if (!Years.TryGetValue(Backend, out var year))
            {
                year = StoredYear.CreateAsync(Backend, SymbolCount, _config).GetAwaiter().GetResult();
                Years[Backend] = year;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => year.Dispose();
            }
            else
            {
                Console.WriteLine($"// {Backend}: reusing the stored year of the previous case");
            }

            _year = year;
        }
    }

    /// <summary>Symbols stored and decided: 9, or CST_COLDSTART_SYMBOLS.</summary>
    public static int SymbolCount =>
        int.TryParse(Environment.GetEnvironmentVariable("CST_COLDSTART_SYMBOLS"), out var n) && n is >= 1 and <= 9 ? n : 9;

    /// <summary>Puts the watermark back at the year's end and the 59-minute-old snapshot back as the newest.</summary>
    [IterationSetup(Target = nameof(FromSnapshot))]
    public void ResetWithSnapshot() => ResetAsync(withSnapshot: true).GetAwaiter().GetResult();

    /// <summary>Puts the watermark back at the year's end with no snapshot.</summary>
    [IterationSetup(Target = nameof(FullReplay))]
    public void ResetWithoutSnapshot() => ResetAsync(withSnapshot: false).GetAwaiter().GetResult();

    /// <summary>Cold start from the newest snapshot to the first decision.</summary>
    [Benchmark]
    public long FromSnapshot() => DecideNextMinuteAsync(_year.Options).GetAwaiter().GetResult();

    /// <summary>The peer: cold start by a full replay of the year to the first decision.</summary>
    [Benchmark(Baseline = true)]
    public long FullReplay() => DecideNextMinuteAsync(_year.Options with { SnapshotEveryMinutes = 0 }).GetAwaiter().GetResult();

    private async Task<long> DecideNextMinuteAsync(LiveEngineOptions options)
    {
        var engine = new LiveEngine(_config, options, _year.Ports);
        var next = _year.Watermark + MinuteMs;
        foreach (var s in _year.Series)
        {
            await engine.OnCandleAsync(s.Symbol, s.Candles.First(c => c.OpenTimeMs == next), default);
        }

        return engine.Watermark >= next ? next : throw new InvalidOperationException($"the minute {next} was not decided (watermark {engine.Watermark})");
    }

    private async Task ResetAsync(bool withSnapshot)
    {
        var state = _year.Ports.State;
        foreach (var (key, _) in await state.ListAsync(EngineSnapshot.Collection))
        {
            await state.TryDeleteAsync(EngineSnapshot.Collection, key);
        }

        if (withSnapshot)
        {
            await state.PutAsync(EngineSnapshot.Collection, _year.SnapshotKey, _year.SnapshotJson);
        }

        await StoredYear.PutWatermarkAsync(state, _year.Watermark);
    }

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
