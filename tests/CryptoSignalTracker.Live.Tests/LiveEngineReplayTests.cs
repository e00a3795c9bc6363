using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// The live loop against the backtester on real Bybit candles (BTC and SOL): whatever the delivery does — in order,
/// shuffled within the barrier, twice, across a restart or a failure mid-minute — the signals and exits are the
/// backtester's.
/// </summary>
public sealed class LiveEngineReplayTests
{
    private const int Days = 10;
    private static readonly TradingConfig Config = new();
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(Days));
    private static readonly Lazy<BacktestResult> Expected = new(() => Backtester.Run(Series.Value, Config));

    private static LiveEngineOptions Replay(int grace = 1) =>
        new() { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = grace, BarrierWait = TimeSpan.Zero };

    private static void AssertSameAsBacktest(List<Signal> signals, List<ClosedTrade> exits)
    {
        var expected = Expected.Value;
        Assert.True(expected.Signals.Count >= 5, $"the window should give signals, gave {expected.Signals.Count}");
        Assert.Contains(expected.Signals, s => s.Kind == SignalKind.Swing);
        Assert.Equal(expected.Signals, signals);
        Assert.Equal(expected.Trades, exits);
    }

    [Fact]
    public async Task Replay_RealCandlesInTimeOrder_SameSignalsAndExitsAsBacktester()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var engine = rig.Engine(Config, Replay());
        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }

        await engine.FinishAsync(default);
        AssertSameAsBacktest(rig.Signals, rig.Exits);
        Assert.Equal(Expected.Value.Signals.Count, rig.Published.Count(m => m.Type == TradeSignalMessageType.Entry));
    }

    [Fact]
    public async Task Replay_SymbolsOutOfOrderWithinGraceAndEveryCandleTwice_SameAsBacktester()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var engine = rig.Engine(Config, Replay(grace: 2));
        var btc = Series.Value[0].Candles;
        var sol = Series.Value[1].Candles;

        // SOL runs a minute behind BTC, SOL before BTC in each step, and every candle comes twice.
        for (var i = 0; i <= Math.Max(btc.Count, sol.Count); i++)
        {
            if (i - 1 >= 0 && i - 1 < sol.Count)
            {
                await engine.OnCandleAsync("SOLUSDT", sol[i - 1], default);
                await engine.OnCandleAsync("SOLUSDT", sol[i - 1], default);
            }

            if (i < btc.Count)
            {
                await engine.OnCandleAsync("BTCUSDT", btc[i], default);
                await engine.OnCandleAsync("BTCUSDT", btc[i], default);
            }
        }

        await engine.FinishAsync(default);
        AssertSameAsBacktest(rig.Signals, rig.Exits);
    }

    [Fact]
    public async Task Restart_NewEngineOnTheSameStores_RebuildsAndContinuesExactly()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var timeline = LiveRig.Timeline(Series.Value).ToList();
        var first = rig.Engine(Config, Replay());
        foreach (var (symbol, candle) in timeline.Take(timeline.Count / 2))
        {
            await first.OnCandleAsync(symbol, candle, default);
        }

        // A new process: nothing in memory, the watermark and the candles in the stores.
        var second = rig.Engine(Config, Replay());
        foreach (var (symbol, candle) in timeline.Skip((timeline.Count / 2) - 50))
        {
            await second.OnCandleAsync(symbol, candle, default);
        }

        await second.FinishAsync(default);
        Assert.NotNull(first.Watermark);
        AssertSameAsBacktest(rig.Signals, rig.Exits);
    }

    [Fact]
    public async Task PublishFailsMidMinute_RedeliveryRebuildsAndRepublishes_NoSignalLostAndDuplicatesCarryTheSameId()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var flaky = new FlakyBus(rig.Bus, failOnPublish: 3);
        rig.BusOverride = flaky;
        var engine = rig.Engine(Config, Replay());
        var failures = 0;
        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value))
        {
            try
            {
                await engine.OnCandleAsync(symbol, candle, default);
            }
            catch (StoreException)
            {
                failures++;

                // Pub/Sub redelivers the event; the engine rebuilds from the stores and decides the minute again.
                await engine.OnCandleAsync(symbol, candle, default);
            }
        }

        await engine.FinishAsync(default);
        Assert.Equal(1, failures);
        var signals = rig.Signals.DistinctBy(s => s.Id).ToList();
        var exits = rig.Exits.DistinctBy(t => t.SignalId).ToList();
        AssertSameAsBacktest(signals, exits);
    }
}
