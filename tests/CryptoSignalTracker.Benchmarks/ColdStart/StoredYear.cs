using System.Diagnostics;
using System.Globalization;
using CryptoSignalTracker.Benchmarks.Backtesting;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
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
/// A year of synthetic candles stored on one backend and decided once by the engine's own code (a full replay that
/// writes the journal and the snapshots), with the snapshot 59 minutes before the watermark kept for the benchmark.
/// Built once per backend and shared by <see cref="ColdStartBenchmarks"/>' cases; <see cref="Dispose"/> removes it.
/// </summary>
internal sealed class StoredYear : IDisposable
{
    private const long MinuteMs = 60_000;

    // The set-up writes a year in slices of this many candles, this many slices at once (each slice is two MutateRows
    // batches of 10,000 rows in flight on Bigtable): the emulator stays busy without the whole year held as requests.
    private const int WriteSlice = 20_000;
    private const int WriteSlicesInFlight = 4;

    private readonly InProcessMessageBus _bus;
    private readonly GoogleChannelFactory? _channels;
    private readonly BigtableTableManager? _table;
    private readonly string? _sqlitePath;

    private StoredYear(IReadOnlyList<SymbolSeries> series, LiveEngineOptions options, LivePorts ports, InProcessMessageBus bus, GoogleChannelFactory? channels, BigtableTableManager? table, string? sqlitePath)
    {
        Series = series;
        Options = options;
        Ports = ports;
        _bus = bus;
        _channels = channels;
        _table = table;
        _sqlitePath = sqlitePath;
    }

    public IReadOnlyList<SymbolSeries> Series { get; }

    public LiveEngineOptions Options { get; }

    public LivePorts Ports { get; }

    /// <summary>The year's second-to-last minute: the benchmark decides the last one.</summary>
    public long Watermark { get; private set; }

    public string SnapshotKey { get; private set; } = null!;

    public string SnapshotJson { get; private set; } = null!;

    /// <summary>Stores <paramref name="symbolCount"/> symbols' year on <paramref name="backend"/> and decides it once.</summary>
    public static async Task<StoredYear> CreateAsync(string backend, int symbolCount, TradingConfig config)
    {
        var series = SyntheticCandles.Year(symbolCount);
        var options = new LiveEngineOptions { Symbols = [.. series.Select(s => s.Symbol)], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
        var bus = new InProcessMessageBus();
        await bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, default);
        await bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        StoredYear year;
        if (backend == "embedded")
        {
            var path = Path.Combine(Path.GetTempPath(), $"cst-coldstart-{Environment.ProcessId}.db");
            var database = new SqliteDatabase(path);
            year = new StoredYear(series, options, new LivePorts(new SqliteCandleStore(database), new SqliteStateStore(database), new SqliteBiasStore(database), new SqlitePositionBook(database), bus), bus, null, null, path);
        }
        else if (backend == "emulators")
        {
            var channels = new GoogleChannelFactory();
            var tableOptions = new BigtableCandleStoreOptions { ProjectId = "cst-bench", InstanceId = "cst-bench", TableId = $"coldstart-{Environment.ProcessId}" };
            var table = new BigtableTableManager(channels, tableOptions);
            await table.CreateIfAbsentAsync();
            var firestore = new FirestoreDatabase(channels, new FirestoreOptions { ProjectId = $"cst-bench-coldstart-{Environment.ProcessId}" });
            year = new StoredYear(series, options, new LivePorts(new BigtableCandleStore(channels, tableOptions), new FirestoreStateStore(firestore), new FirestoreBiasStore(firestore), new FirestorePositionBook(firestore), bus), bus, channels, table, null);
        }
        else
        {
            throw new ArgumentException($"unknown backend '{backend}' (embedded or emulators)", nameof(backend));
        }

        await year.StoreAndDecideAsync(backend, config);
        return year;
    }

    public static Task PutWatermarkAsync(IStateStore state, long minuteMs) =>
        state.PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, minuteMs.ToString(CultureInfo.InvariantCulture));

    private async Task StoreAndDecideAsync(string backend, TradingConfig config)
    {
        var clock = Stopwatch.StartNew();
        var slices = Series.SelectMany(s => Enumerable.Range(0, (s.Candles.Count + WriteSlice - 1) / WriteSlice).Select(i => (s.Symbol, Slice: s.Candles.Skip(i * WriteSlice).Take(WriteSlice).ToArray())));
        await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = WriteSlicesInFlight }, async (slice, token) => await Ports.Candles.WriteAsync(slice.Symbol, slice.Slice, token));
        var rows = Series.Sum(s => s.Candles.Count);
        Console.WriteLine($"// {backend}: {Series.Count} symbols x {Series[0].Candles.Count} minutes ({rows} candles) written in {clock.Elapsed.TotalSeconds:F1} s; load {LoadAverage()}");

        var first = Series[0].Candles[0].OpenTimeMs;
        Watermark = Series[0].Candles[^1].OpenTimeMs - MinuteMs; // the year's last minute is the first to decide
        var snapshotMs = Watermark - (59 * MinuteMs);
        await Ports.State.PutAsync(LiveEngine.StateCollection, "origin", first.ToString(CultureInfo.InvariantCulture));
        await PutWatermarkAsync(Ports.State, snapshotMs);

        // The year decided once by the engine: a full replay, which writes a snapshot after each replayed day and at its end.
        clock.Restart();
        var engine = new LiveEngine(config, Options, Ports);
        var decided = Series[0].Candles.First(c => c.OpenTimeMs == snapshotMs);
        await engine.OnCandleAsync(Series[0].Symbol, decided, default);
        SnapshotKey = EngineSnapshot.Key(snapshotMs);
        SnapshotJson = await Ports.State.GetAsync(EngineSnapshot.Collection, SnapshotKey)
            ?? throw new InvalidOperationException("the setup replay wrote no snapshot at its end");
        Console.WriteLine($"// {backend}: the year replayed once (the set-up's full replay, writing snapshots) in {clock.Elapsed.TotalSeconds:F1} s; snapshot {SnapshotKey} is {SnapshotJson.Length} characters; load {LoadAverage()}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public void Dispose()
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
}
