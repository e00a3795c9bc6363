using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Bigtable;
using CryptoSignalTracker.DataPlane.Tests.Firestore;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.DataPlane.Tests.Live;

/// <summary>
/// The LogicEngine's snapshots on the Google backend: candles in the Bigtable emulator, watermark, journal and snapshots
/// in the Firestore emulator; real Bybit BTC and SOL candles (one day). A rebuild from the newest snapshot gives exactly
/// the live engine's state and a full replay's; a damaged snapshot falls back to the older one; a request cancelled
/// mid-rebuild does not lose the rebuild.
/// </summary>
public sealed class EmulatorSnapshotRebuildTests : IAsyncLifetime
{
    private const long MinuteMs = 60_000;
    private static readonly string[] Symbols = EmulatorLiveStores.Symbols;
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => EmulatorLiveStores.RealCandles(24));

    private EmulatorLiveStores _stores = null!;
    private FirestoreStateStore _state = null!;

    private static LiveEngineOptions Options(int snapshotEvery = 60) => new()
    {
        Symbols = Symbols, ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero, SnapshotEveryMinutes = snapshotEvery,
    };

    public async Task InitializeAsync()
    {
        _stores = await EmulatorLiveStores.CreateAsync(Series.Value);
        _state = new FirestoreStateStore(_stores.Firestore.NewDatabase());
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    /// <summary>An engine as a new process would have it: its own channels to both emulators.</summary>
    private LiveEngine Engine(LiveEngineOptions options, ICandleStore? candles = null)
    {
        return new LiveEngine(new TradingConfig(), options, _stores.Ports(candles));
    }

    private async Task<(long Watermark, byte[] State)> DecideAsync(LiveEngineOptions options, double hours)
    {
        var engine = Engine(options);
        var end = Series.Value[0].Candles[0].OpenTimeMs + (long)(hours * 3_600_000);
        foreach (var (symbol, candle) in Series.Value.SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
            .Where(x => x.Candle.OpenTimeMs < end).OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }

        return (engine.Watermark!.Value, engine.SaveEngineState()!);
    }

    private static async Task<byte[]> RebuildAsync(LiveEngine engine, long watermarkMs, CancellationToken cancellationToken = default)
    {
        await engine.OnCandleAsync("BTCUSDT", Series.Value[0].Candles.First(c => c.OpenTimeMs == watermarkMs), cancellationToken);
        Assert.Equal(watermarkMs, engine.Watermark);
        return engine.SaveEngineState()!;
    }

    private async Task<List<string>> SnapshotKeysAsync() =>
        [.. (await _state.ListAsync(EngineSnapshot.Collection)).Select(e => e.Key).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Rebuild_FromNewestSnapshot_SameStateAsTheLiveEngineAndAFullReplay()
    {
        var (watermark, live) = await DecideAsync(Options(), hours: 5.5);
        var keys = await SnapshotKeysAsync();
        Assert.Equal(3, keys.Count);

        var fromSnapshot = await RebuildAsync(Engine(Options()), watermark);
        foreach (var key in keys)
        {
            await _state.TryDeleteAsync(EngineSnapshot.Collection, key);
        }

        var fullReplay = await RebuildAsync(Engine(Options(snapshotEvery: 0)), watermark);

        Assert.Equal(live, fromSnapshot);
        Assert.Equal(live, fullReplay);
    }

    [Fact]
    public async Task Rebuild_NewestSnapshotDamaged_UsesTheOlderOneAndGivesTheSameState()
    {
        var (watermark, live) = await DecideAsync(Options(), hours: 3.5);
        var newest = (await SnapshotKeysAsync())[^1];
        var json = (await _state.GetAsync(EngineSnapshot.Collection, newest))!;
        await _state.PutAsync(EngineSnapshot.Collection, newest, json[..(json.Length / 2)]);

        var counting = new CountingStore(_stores.Bigtable.NewStore());
        var rebuilt = await RebuildAsync(Engine(Options(), counting), watermark);

        Assert.Equal(live, rebuilt);
        Assert.True(counting.Read < 2 * 2 * 60 + (2 * 1440), $"read {counting.Read} candles: the older snapshot bounds the replay to about two hours");
    }

    [Fact]
    public async Task Rebuild_RequestCancelledMidRebuild_NextCallTakesThatRebuild()
    {
        var (watermark, live) = await DecideAsync(Options(snapshotEvery: 0), hours: 3);
        var counting = new CountingStore(_stores.Bigtable.NewStore());
        using var request = new CancellationTokenSource();
        counting.AfterRead = () => request.Cancel();
        var engine = Engine(Options(snapshotEvery: 0), counting);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RebuildAsync(engine, watermark, request.Token));
        counting.AfterRead = null;
        var rebuilt = await RebuildAsync(engine, watermark);

        Assert.Equal(live, rebuilt);
        var once = new CountingStore(_stores.Bigtable.NewStore());
        await RebuildAsync(Engine(Options(snapshotEvery: 0), once), watermark);
        Assert.Equal(once.Read, counting.Read);
    }

    /// <summary>The Bigtable store, counting candles read; <see cref="AfterRead"/> runs after each read.</summary>
    private sealed class CountingStore(BigtableCandleStore inner) : ICandleStore
    {
        private int _read;

        public int Read => Volatile.Read(ref _read);

        public Action? AfterRead { get; set; }

        public Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default) => inner.WriteAsync(symbol, candles, cancellationToken);

        public async Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default)
        {
            var candles = await inner.ReadAsync(symbol, fromMs, toMs, cancellationToken);
            Interlocked.Add(ref _read, candles.Count);
            AfterRead?.Invoke();
            return candles;
        }
    }
}
