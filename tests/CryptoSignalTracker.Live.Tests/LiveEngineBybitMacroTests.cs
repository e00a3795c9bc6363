using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Issue 12: live, with the default options, the macro decides on the pipeline's own Bybit candles, resampled to 5m/4h
/// inside the engine exactly as the backtester resamples them: every SWING, MICRO, exit and bias is the backtest's, the
/// biases go out on <c>macro-bias-updates</c>, and a run killed mid-way is caught up by the next one, nothing skipped
/// or doubled.
/// </summary>
public sealed class LiveEngineBybitMacroTests
{
    private const long MinuteMs = 60_000;
    private static readonly TradingConfig Config = new();
    private static readonly LiveEngineOptions Defaults = new() { Symbols = ["BTCUSDT", "SOLUSDT"] };

    // 5 days from the file's first minute: the 4-hour EMA(20) is warm after ~80 hours, so the last ~40 hours have SWINGs.
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(5));
    private static readonly Lazy<BacktestResult> Expected = new(() => Backtester.Run(Series.Value, Config));

    private static async Task<ConcurrentQueue<MacroBias>> ListenBiasesAsync(LiveRig rig)
    {
        var received = new ConcurrentQueue<MacroBias>();
        await rig.Bus.EnsureTopicAsync(BiasMessageCodec.Topic, default);
        await rig.Bus.EnsureSubscriptionAsync(new BusSubscription { Name = "bias-test", Topic = BiasMessageCodec.Topic, DeadLetterTopic = "bias-test-dead-letter" }, default);
        await rig.Bus.SubscribeAsync("bias-test", (m, _) =>
        {
            received.Enqueue(BiasMessageCodec.Decode(m.Data));
            return Task.CompletedTask;
        }, default);
        return received;
    }

    private static async Task<List<MacroBias>> SettledAsync(ConcurrentQueue<MacroBias> received, int count)
    {
        for (var i = 0; i < 200 && received.Count < count; i++)
        {
            await Task.Delay(25);
        }

        await Task.Delay(200); // a duplicate would arrive here
        return [.. received.OrderBy(b => b.PublishedAtMs).ThenBy(b => b.Symbol, StringComparer.Ordinal)];
    }

    private static List<MacroBias> ExpectedBiases() =>
        [.. Expected.Value.Biases.OrderBy(b => b.PublishedAtMs).ThenBy(b => b.Symbol, StringComparer.Ordinal)];

    [Fact]
    public async Task DefaultOptions_RealBybitCandles_SignalsExitsAndPublishedBiasesAreTheBacktests()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var biases = await ListenBiasesAsync(rig);
        var engine = rig.Engine(Config, Defaults);

        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }

        await engine.FinishAsync(default);
        var expected = Expected.Value;
        Assert.True(expected.Signals.Count(s => s.Kind == SignalKind.Swing) >= 3, "the window should give SWING signals");
        Assert.True(expected.Biases.Count >= 3, "the window should give biases");
        Assert.Equal(expected.Signals, rig.Signals);
        Assert.Equal(expected.Trades, rig.Exits);
        Assert.Equal(ExpectedBiases(), await SettledAsync(biases, expected.Biases.Count));

        // Each SWING's entry is its 5-minute candle's Bybit close, entered at that candle's close.
        foreach (var swing in rig.Signals.Where(s => s.Kind == SignalKind.Swing))
        {
            var candles = Series.Value.Single(s => s.Symbol == swing.Symbol).Candles;
            Assert.Equal(candles.Single(c => c.OpenTimeMs == swing.TimeMs + (4 * MinuteMs)).Close, swing.Entry);
            Assert.Contains(rig.Exits, t => t.SignalId == swing.Id && t.EntryTimeMs == swing.TimeMs + (5 * MinuteMs));
        }

        // The bias store holds each symbol's last bias, as the backtest ends with it.
        foreach (var symbol in Defaults.Symbols)
        {
            Assert.Equal(expected.Biases.LastOrDefault(b => b.Symbol == symbol), await rig.Biases.GetAsync(symbol));
        }
    }

    [Fact]
    public async Task MacroRunKilledMidWay_NextRunCatchesUpFromTheStore_NothingSkippedOrDoubled()
    {
        var expected = ExpectedBiases();
        Assert.True(expected.Count >= 4, $"the window should give biases, gave {expected.Count}");
        var killed = expected[1];

        // A catch-up window that holds at least one more macro decision: the events of the 6 hours after the kill never
        // reach the next run (they went to the dead process); it must decide those minutes from the candle store.
        const long gapMs = 6 * 60 * MinuteMs;
        var resumeMs = killed.PublishedAtMs + gapMs;
        Assert.Contains(expected, b => b.PublishedAtMs > killed.PublishedAtMs && b.PublishedAtMs < resumeMs);

        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var biases = await ListenBiasesAsync(rig);
        rig.BusOverride = new FlakyBus(rig.Bus, failOnPublish: 2, BiasMessageCodec.Topic);
        var first = rig.Engine(Config, Defaults);
        var timeline = LiveRig.Timeline(Series.Value).ToList();
        var died = -1;
        for (var i = 0; i < timeline.Count && died < 0; i++)
        {
            try
            {
                await first.OnCandleAsync(timeline[i].Symbol, timeline[i].Candle, default);
            }
            catch (StoreException)
            {
                died = i; // the process dies mid-minute: bias stored, not published, the minute's entries not published
            }
        }

        Assert.True(died >= 0, "the second bias publish should have failed");
        Assert.Equal(killed.PublishedAtMs, timeline[died].Candle.OpenTimeMs + MinuteMs);
        Assert.True(first.Watermark < timeline[died].Candle.OpenTimeMs, "the killed minute must not count as decided");

        // The next run: a new process on the same stores, fed only the events from resumeMs on.
        rig.BusOverride = null;
        var next = rig.Engine(Config, Defaults);
        foreach (var (symbol, candle) in timeline.Where(x => x.Candle.OpenTimeMs >= resumeMs))
        {
            await next.OnCandleAsync(symbol, candle, default);
        }

        await next.FinishAsync(default);
        Assert.Equal(Expected.Value.Signals, rig.Signals);
        Assert.Equal(Expected.Value.Trades, rig.Exits);
        Assert.Equal(expected, await SettledAsync(biases, expected.Count));
        foreach (var swing in Expected.Value.Signals.Where(s => s.Kind == SignalKind.Swing))
        {
            Assert.True(await rig.Positions.GetClosedAsync(swing.Id) is not null, $"{swing.Id} is not in the position book");
        }
    }
}
