using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Two LogicEngine instances on one SQLite file (each with its own database handle, as two processes): the
/// single-writer lease lets exactly one decide, the other answers retryably, a takeover rebuilds from the stores, and
/// an instance whose lease was taken over cannot move the watermark. Real Bybit candles (BTC, SOL, 10 days).
/// </summary>
public sealed class LeasedLiveEngineTests : IAsyncDisposable
{
    private const int Days = 10;
    private static readonly TradingConfig Config = new();
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(Days));
    private static readonly Lazy<BacktestResult> Expected = new(() => Backtester.Run(Series.Value, Config));
    private static readonly WriterLeaseOptions LeaseOptions = new() { Duration = TimeSpan.FromSeconds(30) };

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cst-lease-{Guid.NewGuid():N}.db");
    private readonly InProcessMessageBus _bus = new();
    private readonly ConcurrentQueue<(string Instance, TradeSignalMessage Message)> _published = new();

    [Fact]
    public async Task TwoInstances_SameEventsAtOnce_ExactlyTheBacktestsEntriesAndExitsOnce()
    {
        await StoreCandlesAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var a = Instance("a", clock);
        var b = Instance("b", clock);
        var timeline = LiveRig.Timeline(Series.Value).ToList();

        var refused = await Task.WhenAll(Task.Run(() => FeedAsync(a, timeline)), Task.Run(() => FeedAsync(b, timeline)));
        var holder = a.Engine is not null ? a : b;
        await holder.FinishAsync(default);

        // One instance decided everything, the other was answered retryably for every event.
        Assert.Contains(0, refused);
        Assert.Contains(timeline.Count, refused);
        Assert.Single(_published.Select(p => p.Instance).Distinct());
        AssertBacktestOnce([.. _published.Select(p => p.Message)]);
    }

    [Fact]
    public async Task Takeover_FirstInstanceStopsRenewing_SecondRebuildsFromTheStoresAndContinuesExactly()
    {
        await StoreCandlesAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var a = Instance("a", clock);
        var b = Instance("b", clock);
        var timeline = LiveRig.Timeline(Series.Value).ToList();
        var half = timeline.Count / 2;

        Assert.Equal(0, await FeedAsync(a, timeline[..half]));
        var whileAHolds = await FeedAsync(b, timeline[half..(half + 10)]);
        clock.Advance(LeaseOptions.Duration); // a stops receiving events (a drained revision): its holding runs out
        Assert.Equal(0, await FeedAsync(b, timeline[(half - 50)..]));
        await b.FinishAsync(default);
        var aAfterTakeover = await Assert.ThrowsAsync<LeaseNotHeldException>(() => a.OnCandleAsync(timeline[half].Symbol, timeline[half].Candle, default));

        Assert.Equal(10, whileAHolds);
        Assert.Contains("held by another instance", aAfterTakeover.Message);
        AssertBacktestOnce([.. _published.Select(p => p.Message)]);
    }

    [Fact]
    public async Task StaleInstance_ClockBehindWhenTakenOver_WatermarkWriteRefusedAndItStopsDeciding()
    {
        await StoreCandlesAsync();
        var storeClock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var pausedClock = new FakeTimeProvider(storeClock.GetUtcNow()); // a's view of time (a long GC pause, a frozen instance)
        var a = Instance("a", pausedClock);
        var b = Instance("b", storeClock);
        var timeline = LiveRig.Timeline(Series.Value).ToList();
        var half = timeline.Count / 2;
        await FeedAsync(a, timeline[..half]);
        var state = new SqliteStateStore(new SqliteDatabase(_path));
        var watermarkBefore = await state.GetAsync(LiveEngine.StateCollection, "watermark");

        storeClock.Advance(LeaseOptions.Duration * 2);
        await b.OnCandleAsync(timeline[half - 1].Symbol, timeline[half - 1].Candle, default); // b takes over (token 2), rebuilds
        var watermarkOfB = await state.GetAsync(LiveEngine.StateCollection, "watermark");

        // a still believes it holds the lease and decides the next minutes; its fenced watermark write is refused.
        var refusal = await Assert.ThrowsAsync<LeaseNotHeldException>(async () =>
        {
            foreach (var (symbol, candle) in timeline[half..(half + 20)])
            {
                await a.OnCandleAsync(symbol, candle, default);
            }
        });

        Assert.Equal(watermarkBefore, watermarkOfB);
        Assert.Equal(watermarkOfB, await state.GetAsync(LiveEngine.StateCollection, "watermark"));
        Assert.Contains("no longer current", refusal.Message);
        Assert.Null(a.Engine);
        await Assert.ThrowsAsync<LeaseNotHeldException>(() => a.OnCandleAsync(timeline[half].Symbol, timeline[half].Candle, default));
    }

    [Fact]
    public async Task StaleInstance_TakenOverBeforeASignalMinute_ItsPositionWriteAndPublishAreRefused()
    {
        await StoreCandlesAsync();
        var storeClock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var pausedClock = new FakeTimeProvider(storeClock.GetUtcNow());
        var a = Instance("a", pausedClock);
        var b = Instance("b", storeClock);
        var timeline = LiveRig.Timeline(Series.Value).ToList();
        var signal = Backtester.Run(Series.Value, Config).Signals.First(s => s.Kind == SignalKind.Micro && s.TimeMs > timeline[timeline.Count / 2].Candle.OpenTimeMs);
        var before = timeline.FindIndex(x => x.Candle.OpenTimeMs >= signal.TimeMs);
        await FeedAsync(a, timeline[..before]);

        storeClock.Advance(LeaseOptions.Duration * 2);
        await b.OnCandleAsync(timeline[before - 1].Symbol, timeline[before - 1].Candle, default); // b takes over, decides nothing yet
        var refusal = await Assert.ThrowsAsync<LeaseNotHeldException>(async () =>
        {
            foreach (var (symbol, candle) in timeline.Where(x => x.Candle.OpenTimeMs >= signal.TimeMs && x.Candle.OpenTimeMs < signal.TimeMs + 120_000))
            {
                await a.OnCandleAsync(symbol, candle, default);
            }
        });

        var positions = new SqlitePositionBook(new SqliteDatabase(_path));
        Assert.Contains($"opening position {signal.Id}", refusal.Message, StringComparison.Ordinal);
        Assert.Null(await positions.GetOpenAsync(signal.Id));
        Assert.DoesNotContain(_published, p => p.Instance == "a" && p.Message.Signal?.Id == signal.Id);

        // The holder decides the minute: the signal is opened and published once, by b.
        await FeedAsync(b, timeline[before..]);
        Assert.NotNull(await positions.GetOpenAsync(signal.Id) ?? (object?)await positions.GetClosedAsync(signal.Id));
        Assert.Single(_published, p => p.Message.Signal?.Id == signal.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
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
                refused++; // the function answers 503: Pub/Sub delivers it again (here: the other instance has it too)
            }
        }

        return refused;
    }

    /// <summary>The messages, deduplicated by id as every consumer does, are the backtest's; a repeated id carries the same message.</summary>
    private static void AssertBacktestOnce(List<TradeSignalMessage> published)
    {
        var expected = Expected.Value;
        Assert.True(expected.Signals.Count >= 5, $"the window should give signals, gave {expected.Signals.Count}");
        var entries = published.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).ToList();
        var exits = published.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!).ToList();
        Assert.Equal(expected.Signals, entries.DistinctBy(s => s.Id));
        Assert.Equal(expected.Trades, exits.DistinctBy(t => t.SignalId));
        Assert.All(entries.GroupBy(s => s.Id), g => Assert.Single(g.Distinct()));
        Assert.All(exits.GroupBy(t => t.SignalId), g => Assert.Single(g.Distinct()));
    }

    private async Task StoreCandlesAsync()
    {
        await _bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, default);
        await _bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        var candles = new SqliteCandleStore(new SqliteDatabase(_path));
        foreach (var s in Series.Value)
        {
            await candles.WriteAsync(s.Symbol, s.Candles);
        }
    }

    /// <summary>One LogicEngine process: its own database handle on the shared file, its own lease holding.</summary>
    private LeasedLiveEngine Instance(string name, TimeProvider clock)
    {
        var database = new SqliteDatabase(_path);
        var options = new LiveEngineOptions { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
        var lease = new WriterLease(new SqliteWriterLeaseStore(database, clock), LeaseOptions with { Holder = name }, clock);
        var ports = new LivePorts(new SqliteCandleStore(database), new SqliteStateStore(database), new SqliteBiasStore(database), new SqlitePositionBook(database), _bus);
        return new LeasedLiveEngine(lease, ports, fenced => new LiveEngine(
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
