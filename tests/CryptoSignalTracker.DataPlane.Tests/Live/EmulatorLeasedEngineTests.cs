using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.DataPlane.Tests.Live;

/// <summary>
/// Issue 11's two-writer case on the Google backend: two LogicEngine instances, each with its own channels to the
/// Bigtable emulator (candles) and the Firestore emulator (lease, watermark, journal, positions, bias), fed the same
/// candle events at the same time, as two Cloud Run instances (or an old and a new revision) would be. The Firestore
/// lease lets exactly one decide; the other is answered retryably for every event; the ENTRY and EXIT messages are the
/// backtest's, once. Real Bybit BTC and SOL candles.
/// </summary>
public sealed class EmulatorLeasedEngineTests : IAsyncLifetime
{
    private static readonly TradingConfig Config = new();
    private static readonly WriterLeaseOptions LeaseOptions = new() { Duration = TimeSpan.FromSeconds(30) };
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => EmulatorLiveStores.RealCandles(36));
    private static readonly Lazy<BacktestResult> Expected = new(() => Backtester.Run(Series.Value, Config));

    private readonly ConcurrentQueue<(string Instance, TradeSignalMessage Message)> _published = new();
    private EmulatorLiveStores _stores = null!;

    public async Task InitializeAsync() => _stores = await EmulatorLiveStores.CreateAsync(Series.Value);

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task TwoInstances_SameEventsAtOnce_ExactlyTheBacktestsEntriesAndExitsOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var a = Instance("a", clock);
        var b = Instance("b", clock);
        var timeline = Series.Value
            .SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
            .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal)
            .ToList();

        var refused = await Task.WhenAll(Task.Run(() => FeedAsync(a, timeline)), Task.Run(() => FeedAsync(b, timeline)));
        var holder = a.Engine is not null ? a : b;
        await holder.FinishAsync(default);

        // One instance decided everything, the other was answered retryably (503 → redelivery) for every event.
        Assert.Contains(0, refused);
        Assert.Contains(timeline.Count, refused);
        Assert.Single(_published.Select(p => p.Instance).Distinct());
        var expected = Expected.Value;
        Assert.True(expected.Signals.Count >= 2, $"the window should give signals, gave {expected.Signals.Count}");
        var messages = _published.Select(p => p.Message).ToList();
        var entries = messages.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).ToList();
        var exits = messages.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!).ToList();
        Assert.Equal(expected.Signals, entries);
        Assert.Equal(expected.Trades, exits);
    }

    private static async Task<int> FeedAsync(LeasedLiveEngine engine, IReadOnlyList<(string Symbol, Candle Candle)> events)
    {
        var refused = 0;
        foreach (var (symbol, candle) in events)
        {
            try
            {
                await engine.OnCandleAsync(symbol, candle, default);
            }
            catch (LeaseNotHeldException)
            {
                refused++;
            }
        }

        return refused;
    }

    /// <summary>One LogicEngine process: its own channels to both emulators and its own lease holding.</summary>
    private LeasedLiveEngine Instance(string name, TimeProvider clock)
    {
        var database = _stores.Firestore.NewDatabase();
        var options = new LiveEngineOptions { Symbols = EmulatorLiveStores.Symbols, ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
        var lease = new WriterLease(new FirestoreWriterLeaseStore(database, clock), LeaseOptions with { Holder = name }, clock);
        return new LeasedLiveEngine(lease, _stores.Ports(database), fenced => new LiveEngine(
            Config,
            options,
            fenced,
            (m, _) =>
            {
                _published.Enqueue((name, m));
                return Task.CompletedTask;
            }));
    }
}
