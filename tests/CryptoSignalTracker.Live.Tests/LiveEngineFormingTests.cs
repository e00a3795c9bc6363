using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Forming candles (Logic:EvaluateForming, the optional 15-second cadence) on real Bybit candles: early-warning ENTRY
/// messages marked forming, while the closed-candle signals and exits stay the backtester's.
/// </summary>
public sealed class LiveEngineFormingTests
{
    private const int Days = 3;
    private const long MinuteMs = 60_000;
    private static readonly TradingConfig Config = new();
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(Days));
    private static readonly Lazy<BacktestResult> Expected = new(() => Backtester.Run(Series.Value, Config));

    private static LiveEngineOptions Replay(bool evaluateForming) =>
        new() { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero, EvaluateForming = evaluateForming };

    /// <summary>The minute 15 seconds in, as a forming candle might look: open, a third of the volume, close halfway.</summary>
    private static Candle Early(Candle c)
    {
        var close = (c.Open + c.Close) / 2;
        return new Candle(c.OpenTimeMs, c.Open, Math.Max(c.Open, close), Math.Min(c.Open, close), close, c.Volume / 3);
    }

    /// <summary>The timeline grouped by minute: each minute's forming events (early, then complete) come before its closed candles.</summary>
    private static async Task RunAsync(LiveEngine engine, Func<long, bool>? until = null, bool early = true)
    {
        foreach (var minute in LiveRig.Timeline(Series.Value).GroupBy(x => x.Candle.OpenTimeMs))
        {
            if (until?.Invoke(minute.Key) == true)
            {
                return;
            }

            foreach (var shape in early ? new Func<Candle, Candle>[] { Early, c => c } : [c => c])
            {
                foreach (var (symbol, candle) in minute)
                {
                    await engine.OnFormingAsync(symbol, shape(candle), default);
                }
            }

            foreach (var (symbol, candle) in minute)
            {
                await engine.OnCandleAsync(symbol, candle, default);
            }
        }
    }

    [Fact]
    public async Task Replay_FormingEventsEveryMinute_EarlyWarningsPublishedAndClosedSignalsStillTheBacktesters()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var bus = new RecordingBus(rig.Bus);
        rig.BusOverride = bus;
        var engine = rig.Engine(Config, Replay(evaluateForming: true));

        await RunAsync(engine);
        await engine.FinishAsync(default);

        var expected = Expected.Value;
        Assert.True(expected.Signals.Count >= 3, $"the window should give signals, gave {expected.Signals.Count}");
        Assert.Equal(expected.Signals, rig.Signals);
        Assert.Equal(expected.Trades, rig.Exits);
        var forming = bus.Forming;
        Assert.NotEmpty(forming);
        Assert.All(forming, f =>
        {
            Assert.True(f.Message.Signal!.Forming);
            Assert.EndsWith("-forming", f.Message.Signal.Id, StringComparison.Ordinal);
            Assert.Equal(("ENTRY", f.Message.Signal.Id, "true"), (f.Attributes["type"], f.Attributes["signal_id"], f.Attributes["forming"]));
        });
        Assert.Equal(forming.Count, forming.Select(f => f.Message.Signal!.Id).Distinct().Count()); // once per id
        Assert.Contains(expected.Signals, s => forming.Any(f => f.Message.Signal!.Id == s.Id + "-forming")); // some were foreseen
        Assert.DoesNotContain(engine.Portfolio!.Open, p => p.SignalId.EndsWith("-forming", StringComparison.Ordinal));
        foreach (var f in forming)
        {
            Assert.Null(await rig.Positions.GetOpenAsync(f.Message.Signal!.Id));
            Assert.Null(await rig.Positions.GetClosedAsync(f.Message.Signal!.Id));
        }
    }

    [Fact]
    public async Task Replay_OptionOff_FormingEventsIgnored()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var bus = new RecordingBus(rig.Bus);
        rig.BusOverride = bus;
        var engine = rig.Engine(Config, Replay(evaluateForming: false));

        await RunAsync(engine);
        await engine.FinishAsync(default);

        Assert.Empty(bus.Forming);
        Assert.Equal(Expected.Value.Signals, rig.Signals);
        Assert.Equal(Expected.Value.Trades, rig.Exits);
    }

    [Fact]
    public async Task OnForming_NextMinuteThenRepeatedThenClosedPendingThenDecided_PublishedOnceOnlyWhileTheMinuteIsNext()
    {
        // Find a minute whose complete candle, forming, gives an early warning.
        var (symbol, minuteMs) = await FirstWarningAsync();
        var candle = Series.Value.Single(s => s.Symbol == symbol).Candles.Single(c => c.OpenTimeMs == minuteMs);
        var other = Series.Value.Single(s => s.Symbol != symbol);

        // The store holds what the Aggregator wrote so far: the minutes before.
        await using var rig = new LiveRig();
        await rig.StoreAsync([.. Series.Value.Select(s => new SymbolSeries(s.Symbol, [.. s.Candles.Where(c => c.OpenTimeMs < minuteMs)]))]);
        var bus = new RecordingBus(rig.Bus);
        rig.BusOverride = bus;
        var engine = rig.Engine(Config, Replay(evaluateForming: true));
        foreach (var (s, c) in LiveRig.Timeline(Series.Value).TakeWhile(x => x.Candle.OpenTimeMs < minuteMs))
        {
            await engine.OnCandleAsync(s, c, default);
        }

        Assert.Equal(minuteMs - MinuteMs, engine.Watermark);

        await engine.OnFormingAsync(symbol, candle, default);
        await engine.OnFormingAsync(symbol, candle, default); // the same signal again: dropped
        Assert.Single(bus.Forming);

        // A closed candle of the symbol waiting for the barrier: the engine has not seen it, so no peek.
        var fresh = new RecordingBus(rig.Bus);
        rig.BusOverride = fresh;
        var second = rig.Engine(Config, Replay(evaluateForming: true)); // rebuilds from the stores: no memory of the warning
        await rig.Candles.WriteAsync(symbol, [candle]);
        await second.OnCandleAsync(symbol, candle, default);
        await second.OnFormingAsync(symbol, candle with { OpenTimeMs = minuteMs + MinuteMs }, default);
        Assert.Empty(fresh.Forming);

        // The minute decided: a forming event of it is too late.
        var otherCandle = other.Candles.Single(c => c.OpenTimeMs == minuteMs);
        await rig.Candles.WriteAsync(other.Symbol, [otherCandle]);
        await second.OnCandleAsync(other.Symbol, otherCandle, default);
        Assert.Equal(minuteMs, second.Watermark);
        await second.OnFormingAsync(symbol, candle, default);
        Assert.Empty(fresh.Forming);
        Assert.Equal(minuteMs, second.Watermark);
    }

    [Fact]
    public async Task OnForming_LaterMinutesOfAnotherSymbol_DoNotCountForTheBarrier()
    {
        await using var rig = new LiveRig();
        var sol = Series.Value.Single(s => s.Symbol == "SOLUSDT").Candles;
        var btc = Series.Value.Single(s => s.Symbol == "BTCUSDT").Candles.SkipWhile(c => c.OpenTimeMs < sol[0].OpenTimeMs).ToList();
        Assert.Equal(sol[3].OpenTimeMs, btc[3].OpenTimeMs);
        await rig.StoreAsync([new SymbolSeries("BTCUSDT", [.. btc.Take(4)]), new SymbolSeries("SOLUSDT", [.. sol.Take(3)])]);
        var engine = rig.Engine(Config, Replay(evaluateForming: true) with { BarrierGraceMinutes = 2 });
        await engine.OnCandleAsync("BTCUSDT", btc[0], default);
        await engine.OnCandleAsync("SOLUSDT", sol[0], default);
        await engine.OnCandleAsync("BTCUSDT", btc[1], default);
        await engine.OnCandleAsync("SOLUSDT", sol[1], default);
        Assert.Equal(btc[1].OpenTimeMs, engine.Watermark);
        await engine.OnCandleAsync("BTCUSDT", btc[2], default); // SOL's minute 2 has not closed

        // SOL's forming minutes 3 and 4 are not closed candles: SOL has not moved past minute 2, which still waits for it
        // when BTC's minute 3 comes (one minute further, inside the grace of 2).
        await engine.OnFormingAsync("SOLUSDT", sol[3], default);
        await engine.OnFormingAsync("SOLUSDT", sol[4], default);
        await engine.OnCandleAsync("BTCUSDT", btc[3], default);
        Assert.Equal(btc[1].OpenTimeMs, engine.Watermark);

        await engine.OnCandleAsync("SOLUSDT", sol[2], default);
        Assert.Equal(btc[2].OpenTimeMs, engine.Watermark);
    }

    [Fact]
    public async Task OnForming_SymbolNotTraded_RejectedWhenOnIgnoredWhenOff()
    {
        await using var rig = new LiveRig();
        var candle = Series.Value[0].Candles[0];

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() => rig.Engine(Config, Replay(evaluateForming: true)).OnFormingAsync("ETHUSDT", candle, default));
        await rig.Engine(Config, Replay(evaluateForming: false)).OnFormingAsync("ETHUSDT", candle, default);

        Assert.Contains("this LogicEngine trades only BTCUSDT,SOLUSDT", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the timeline with complete candles as forming ones until the first early warning; its symbol and minute.</summary>
    private static async Task<(string Symbol, long MinuteMs)> FirstWarningAsync()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var bus = new RecordingBus(rig.Bus);
        rig.BusOverride = bus;
        var engine = rig.Engine(Config, Replay(evaluateForming: true));
        await RunAsync(engine, _ => bus.Forming.Count > 0, early: false);
        Assert.NotEmpty(bus.Forming);
        var first = bus.Forming[0].Message.Signal!;
        return (first.Symbol, first.TimeMs);
    }

    /// <summary>Records what is published on trade-signals-micro, then publishes it.</summary>
    private sealed class RecordingBus(IMessageBus inner) : IMessageBus
    {
        private readonly List<(TradeSignalMessage Message, IReadOnlyDictionary<string, string> Attributes)> _signals = [];

        public List<(TradeSignalMessage Message, IReadOnlyDictionary<string, string> Attributes)> Forming =>
            [.. _signals.Where(s => s.Message.Signal?.Forming == true)];

        public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

        public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => inner.EnsureSubscriptionAsync(subscription, cancellationToken);

        public Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
        {
            if (topic == TradeSignalMessageCodec.Topic)
            {
                _signals.Add((TradeSignalMessageCodec.Decode(message.Data), message.Attributes));
            }

            return inner.PublishAsync(topic, message, cancellationToken);
        }

        public void ResumePublish(string topic, string orderingKey) => inner.ResumePublish(topic, orderingKey);

        public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
            inner.SubscribeAsync(subscription, handler, cancellationToken);
    }
}
