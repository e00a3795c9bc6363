using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Bigtable;
using CryptoSignalTracker.DataPlane.Tests.Firestore;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.DataPlane.Tests.Live;

/// <summary>
/// What a LogicEngine on the Google backend reads and writes, for the Live tests: real Bybit BTC and SOL candles in a
/// table of the Bigtable emulator, a fresh project on the Firestore emulator, and an in-process bus with the engine's
/// topics. <see cref="Ports"/> gives each engine its own channels, as a separate process would have.
/// </summary>
internal sealed class EmulatorLiveStores : IAsyncDisposable
{
    /// <summary>The symbols stored.</summary>
    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    private EmulatorLiveStores(BigtableTestTable bigtable, IReadOnlyList<SymbolSeries> series)
    {
        Bigtable = bigtable;
        Series = series;
    }

    /// <summary>The stored candles.</summary>
    public IReadOnlyList<SymbolSeries> Series { get; }

    /// <summary>The Bigtable emulator table holding <see cref="Series"/>.</summary>
    public BigtableTestTable Bigtable { get; }

    /// <summary>The Firestore emulator project.</summary>
    public FirestoreTestDatabase Firestore { get; } = new();

    /// <summary>The bus (trade-signals and bias topics created).</summary>
    public InProcessMessageBus Bus { get; } = new();

    /// <summary>The first <paramref name="hours"/> of the bundled month of each of <see cref="Symbols"/>.</summary>
    public static IReadOnlyList<SymbolSeries> RealCandles(double hours) =>
    [
        .. Symbols.Select(symbol =>
        {
            var all = CandleCsvReader.ReadFile(Path.Combine(Stores.RealCandles.RepositoryRoot(), "data", "sample", $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv"));
            var end = all[0].OpenTimeMs + (long)(hours * 3_600_000);
            return new SymbolSeries(symbol, [.. all.Where(c => c.OpenTimeMs < end)]);
        }),
    ];

    /// <summary>Stores <paramref name="series"/> in a new table and creates the bus topics.</summary>
    public static async Task<EmulatorLiveStores> CreateAsync(IReadOnlyList<SymbolSeries> series)
    {
        var stores = new EmulatorLiveStores(await BigtableTestTable.CreateAsync(), series);
        var candles = stores.Bigtable.NewStore();
        foreach (var s in series)
        {
            await candles.WriteAsync(s.Symbol, s.Candles);
        }

        await stores.Bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, default);
        await stores.Bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        return stores;
    }

    /// <summary>Ports on new channels to both emulators (<paramref name="candles"/> instead of the table's store when given).</summary>
    public LivePorts Ports(ICandleStore? candles = null) => Ports(Firestore.NewDatabase(), candles);

    /// <summary>Ports over <paramref name="database"/> (e.g. one a lease store shares).</summary>
    public LivePorts Ports(FirestoreDatabase database, ICandleStore? candles = null) => new(
        candles ?? Bigtable.NewStore(), new FirestoreStateStore(database), new FirestoreBiasStore(database), new FirestorePositionBook(database), Bus);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Bigtable.DisposeAsync();
        Firestore.Dispose();
    }
}
