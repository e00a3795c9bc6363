using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>Embedded stores (a fresh SQLite file) and bus, plus what a <see cref="LiveEngine"/> on them published.</summary>
internal sealed class LiveRig : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cst-live-{Guid.NewGuid():N}.db");

    public LiveRig()
    {
        var database = new SqliteDatabase(_path);
        Candles = new SqliteCandleStore(database);
        State = new SqliteStateStore(database);
        Biases = new SqliteBiasStore(database);
        Positions = new SqlitePositionBook(database);
        Bus = new InProcessMessageBus();
    }

    public SqliteCandleStore Candles { get; }

    public SqliteStateStore State { get; }

    public SqliteBiasStore Biases { get; }

    public SqlitePositionBook Positions { get; }

    public InProcessMessageBus Bus { get; }

    /// <summary>Every message passed to the engines' publish callback, in order.</summary>
    public List<TradeSignalMessage> Published { get; } = [];

    public IMessageBus? BusOverride { get; set; }

    public LiveEngine Engine(TradingConfig config, LiveEngineOptions options, TimeProvider? timeProvider = null) =>
        new(config, options, new LivePorts(Candles, State, Biases, Positions, BusOverride ?? Bus), (m, _) =>
        {
            Published.Add(m);
            return Task.CompletedTask;
        }, timeProvider: timeProvider);

    public List<Signal> Signals => [.. Published.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!)];

    public List<ClosedTrade> Exits => [.. Published.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!)];

    /// <summary>Stores every candle (as the Aggregator does before its event).</summary>
    public async Task StoreAsync(IReadOnlyList<SymbolSeries> series)
    {
        await Bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, default);
        await Bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        foreach (var s in series)
        {
            await Candles.WriteAsync(s.Symbol, s.Candles);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>Real Bybit candles from data/sample, cut to the first <paramref name="days"/> days.</summary>
    public static IReadOnlyList<SymbolSeries> RealCandles(int days) =>
    [
        .. new[] { "BTCUSDT", "SOLUSDT" }.Select(symbol =>
        {
            var all = CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv"));
            var end = all[0].OpenTimeMs + (days * 86_400_000L);
            return new SymbolSeries(symbol, [.. all.Where(c => c.OpenTimeMs < end)]);
        }),
    ];

    /// <summary>The candles of <paramref name="series"/> in the backtester's order: time, then symbol (ordinal).</summary>
    public static IEnumerable<(string Symbol, Candle Candle)> Timeline(IReadOnlyList<SymbolSeries> series) =>
        series.SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
            .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal);
}
