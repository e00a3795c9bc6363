using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>The outside-macro mode (Logic:ResampleMacro=false): the bias comes from the bias store and SWING set-ups from the MacroEngine's swing intents (MacroEngine:Role=Decide).</summary>
public sealed class LiveEngineMacroTests
{
    private const long MinuteMs = 60_000;
    private static readonly TradingConfig Config = new();
    private static readonly LiveEngineOptions Live = new() { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = false };
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(1));

    private static async Task FeedAsync(LiveEngine engine, long fromMs, long toMs)
    {
        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value).Where(x => x.Candle.OpenTimeMs >= fromMs && x.Candle.OpenTimeMs < toMs))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }
    }

    private static long Start => Series.Value[0].Candles[0].OpenTimeMs;

    /// <summary>A BTC swing intent on the 5-minute candle that opened <paramref name="fiveMinuteOpenMs"/>, as the MacroEngine records it.</summary>
    private static async Task<(string Id, MacroSignal Signal)> RecordSwingAsync(LiveRig rig, long fiveMinuteOpenMs)
    {
        var close = Series.Value[0].Candles.Last(c => c.OpenTimeMs < fiveMinuteOpenMs + (5 * MinuteMs)).Close;
        var bias = new MacroBias("BTCUSDT", Direction.Long, 90, fiveMinuteOpenMs + (5 * MinuteMs), fiveMinuteOpenMs + (245 * MinuteMs));
        var signal = new MacroSignal(new EntryIntent(Direction.Long, close, close * 0.98, close * 1.04, 90, "4h uptrend, 5m pullback"), bias, fiveMinuteOpenMs);
        var id = SwingIntentCodec.KeyFor("BTCUSDT", fiveMinuteOpenMs);
        await rig.Biases.PutAsync(bias);
        Assert.True(await rig.State.TryCreateAsync(SwingIntentCodec.Collection, id, SwingIntentCodec.Encode("BTCUSDT", signal)));
        return (id, signal);
    }

    [Fact]
    public async Task SwingIntent_OpensThroughThePortfolioOnceSizedByTheRiskRules_AndSurvivesARestart()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var engine = rig.Engine(Config, Live);
        var fiveMinute = Start - (Start % (5 * MinuteMs)) + (60 * MinuteMs);
        await FeedAsync(engine, Start, fiveMinute + (5 * MinuteMs));
        var (id, signal) = await RecordSwingAsync(rig, fiveMinute);

        await FeedAsync(engine, fiveMinute + (5 * MinuteMs), fiveMinute + (30 * MinuteMs));

        var swing = Assert.Single(rig.Signals, s => s.Kind == SignalKind.Swing);
        Assert.Equal(id, swing.Id);
        Assert.Equal(fiveMinute, swing.TimeMs);
        Assert.Equal(signal.Intent.Entry, swing.Entry);
        Assert.True(swing.Quantity > 0, "a SWING entry is sized by the risk rules");
        var message = Assert.Single(rig.Published, m => m.Signal?.Id == id);
        Assert.Equal(signal.Bias, message.Bias);
        Assert.True(await rig.Positions.GetOpenAsync(id) is not null || await rig.Positions.GetClosedAsync(id) is not null);

        // A new process rebuilds from the stores and the journal: the swing is not opened again, and its position is there.
        var restarted = rig.Engine(Config, Live);
        await FeedAsync(restarted, fiveMinute + (30 * MinuteMs), fiveMinute + (40 * MinuteMs));
        Assert.Single(rig.Signals, s => s.Kind == SignalKind.Swing);
        Assert.True(
            restarted.Portfolio!.Open.Any(p => p.SignalId == id) || rig.Exits.Any(t => t.SignalId == id),
            "the rebuilt portfolio holds the swing position (or it closed and its exit was published)");
    }

    [Fact]
    public async Task SwingIntent_OlderThanTheLimit_IsNotApplied()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var engine = rig.Engine(Config, Live with { SwingIntentMaxAgeMinutes = 3 });
        var fiveMinute = Start - (Start % (5 * MinuteMs)) + (60 * MinuteMs);
        await FeedAsync(engine, Start, fiveMinute + (15 * MinuteMs));
        await RecordSwingAsync(rig, fiveMinute);

        await FeedAsync(engine, fiveMinute + (15 * MinuteMs), fiveMinute + (20 * MinuteMs));

        Assert.DoesNotContain(rig.Signals, s => s.Kind == SignalKind.Swing);
    }

    [Fact]
    public async Task StoredBias_AgainstASetUp_FiltersItOut_WithoutIt_TheSetUpIsASignal()
    {
        // Control: no bias, the day's signals are the backtester's without macro.
        await using var control = new LiveRig();
        await control.StoreAsync(Series.Value);
        var free = control.Engine(Config, Live);
        await FeedAsync(free, Start, long.MaxValue);
        var noMacro = Backtester.Run(Series.Value, Config with { MacroEnabled = false });
        Assert.Equal(noMacro.Signals.Where(s => s.TimeMs < Series.Value[0].Candles[^1].OpenTimeMs), control.Signals);
        var target = control.Signals.First();

        // The same feed with a confident opposite bias for that symbol published before the set-up.
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var against = target.Side == Direction.Long ? Direction.Short : Direction.Long;
        await rig.Biases.PutAsync(new MacroBias(target.Symbol, against, 95, target.TimeMs - (30 * MinuteMs), target.TimeMs + (200 * MinuteMs)));
        var filtered = rig.Engine(Config, Live);
        await FeedAsync(filtered, Start, long.MaxValue);

        Assert.DoesNotContain(rig.Signals, s => s.Id == target.Id);
        Assert.Contains(rig.Signals, s => s.Symbol != target.Symbol || s.TimeMs > target.TimeMs + (200 * MinuteMs) || s.Side == against);
    }

    [Fact]
    public async Task CorruptWatermark_IsAStoreErrorNamingTheRecord()
    {
        await using var rig = new LiveRig();
        await rig.State.PutAsync(LiveEngine.StateCollection, "watermark", "yesterday");
        var engine = rig.Engine(Config, Live);
        var candle = Series.Value[0].Candles[0];

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => engine.OnCandleAsync("BTCUSDT", candle, default));

        Assert.Contains("logic-engine/watermark", error.Message, StringComparison.Ordinal);
        Assert.Contains("yesterday", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XRPUSDT", 0, "trades only BTCUSDT,SOLUSDT")]
    [InlineData("BTCUSDT", 30_000, "not on a whole minute")]
    [InlineData("BTCUSDT", -1, "inconsistent")]
    public async Task BadCandle_IsUnprocessableSayingWhy(string symbol, long offsetMs, string message)
    {
        await using var rig = new LiveRig();
        var engine = rig.Engine(Config, Live);
        var real = Series.Value[0].Candles[0];
        var candle = offsetMs >= 0 ? real with { OpenTimeMs = real.OpenTimeMs + offsetMs } : real with { High = real.Low - 1 };

        var error = await Assert.ThrowsAsync<UnprocessableMessageException>(() => engine.OnCandleAsync(symbol, candle, default));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwingIntents_AppliedOrStale_AreDeletedOnceTheirMinuteIsCommitted_AndARecordedAgainIntentIsNotAppliedTwice()
    {
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value);
        var engine = rig.Engine(Config, Live with { SwingIntentMaxAgeMinutes = 3 });
        var fiveMinute = Start - (Start % (5 * MinuteMs)) + (60 * MinuteMs);
        await FeedAsync(engine, Start, fiveMinute + (5 * MinuteMs));
        var (applied, signal) = await RecordSwingAsync(rig, fiveMinute);
        var (stale, _) = await RecordSwingAsync(rig, fiveMinute - (30 * MinuteMs));

        await FeedAsync(engine, fiveMinute + (5 * MinuteMs), fiveMinute + (7 * MinuteMs));

        Assert.Single(rig.Signals, s => s.Id == applied);
        Assert.DoesNotContain(rig.Signals, s => s.Id == stale);
        Assert.Empty(await rig.State.ListAsync(SwingIntentCodec.Collection));

        // The MacroEngine records the applied intent again (a redelivered run) within its applicable minutes: not applied twice.
        Assert.True(await rig.State.TryCreateAsync(SwingIntentCodec.Collection, applied, SwingIntentCodec.Encode("BTCUSDT", signal)));
        await FeedAsync(engine, fiveMinute + (7 * MinuteMs), fiveMinute + (20 * MinuteMs));

        Assert.Single(rig.Signals, s => s.Id == applied);
        Assert.Empty(await rig.State.ListAsync(SwingIntentCodec.Collection));
    }
}
