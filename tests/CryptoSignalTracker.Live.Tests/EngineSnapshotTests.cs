using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Strategy;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Bounded cold start on the embedded backend, on real Bybit candles (BTC and SOL, 10 days): a rebuild from the newest
/// snapshot gives exactly the engine the live run had and a full replay gives (the same state bytes, then the backtest's
/// decisions); a damaged, foreign or mismatched snapshot falls back with a warning; a cancelled request does not lose the
/// rebuild.
/// </summary>
public sealed class EngineSnapshotTests
{
    private const int Days = 10;
    private const long MinuteMs = 60_000;
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(Days));

    /// <summary>Every stateful part in use: ATR exits, RSI divergence, macro resampling.</summary>
    private static readonly TradingConfig Divergence = new()
    {
        Strategy = new StrategySettings { Defaults = new ChampionOptions { ExitMode = ExitMode.Atr, RequireDivergence = true, Oversold = 35, Overbought = 65 } },
    };

    private static LiveEngineOptions Options(int snapshotEvery = 60) => new()
    {
        Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero, SnapshotEveryMinutes = snapshotEvery,
    };

    private static LiveEngine Engine(LiveRig rig, TradingConfig config, LiveEngineOptions options, ICandleStore? candles = null, ILogger<LiveEngine>? logger = null) =>
        new(config, options, new LivePorts(candles ?? rig.Candles, rig.State, rig.Biases, rig.Positions, rig.Bus), (m, _) =>
        {
            rig.Published.Add(m);
            return Task.CompletedTask;
        }, logger);

    /// <summary>Decides the first <paramref name="days"/> days live (snapshots as configured); returns the engine's state bytes.</summary>
    private static async Task<(LiveEngine Engine, byte[] State)> DecideAsync(LiveRig rig, TradingConfig config, LiveEngineOptions options, double days)
    {
        await rig.StoreAsync(Series.Value);
        var engine = Engine(rig, config, options);
        var end = Series.Value[0].Candles[0].OpenTimeMs + (long)(days * 86_400_000);
        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value).Where(x => x.Candle.OpenTimeMs < end))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }

        return (engine, engine.SaveEngineState()!);
    }

    /// <summary>Rebuilds a new engine on the stores (a decided candle triggers the rebuild and decides nothing); returns its state bytes.</summary>
    private static async Task<byte[]> RebuildAsync(LiveEngine engine, long watermarkMs, CancellationToken cancellationToken = default)
    {
        var candle = Series.Value[0].Candles.First(c => c.OpenTimeMs == watermarkMs);
        await engine.OnCandleAsync("BTCUSDT", candle, cancellationToken);
        Assert.Equal(watermarkMs, engine.Watermark);
        return engine.SaveEngineState()!;
    }

    private static async Task<List<long>> SnapshotMinutesAsync(LiveRig rig) =>
        [.. (await rig.State.ListAsync(EngineSnapshot.Collection)).Select(e => EngineSnapshot.MinuteOf(e.Key)!.Value).Order()];

    private static async Task DeleteSnapshotsAsync(LiveRig rig)
    {
        foreach (var (key, _) in await rig.State.ListAsync(EngineSnapshot.Collection))
        {
            await rig.State.TryDeleteAsync(EngineSnapshot.Collection, key);
        }
    }

    public static TheoryData<string> Configs => ["default", "atr-divergence"];

    private static TradingConfig ConfigNamed(string name) => name == "default" ? new TradingConfig() : Divergence;

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task Rebuild_FromNewestSnapshot_SameStateAsTheLiveEngineAndAFullReplay_ReplayingOnlyTheMinutesAfterIt(string configName)
    {
        var config = ConfigNamed(configName);
        await using var rig = new LiveRig();
        var (live, liveState) = await DecideAsync(rig, config, Options(), days: 6.3);
        var watermark = live.Watermark!.Value;
        var snapshots = await SnapshotMinutesAsync(rig);
        Assert.Equal(3, snapshots.Count); // the newest 3 kept, older ones deleted
        Assert.True(watermark - snapshots[^1] < 60 * MinuteMs, $"newest snapshot {snapshots[^1]} should be within an hour of the watermark {watermark}");

        var counting = new CountingCandleStore(rig.Candles);
        var fromSnapshot = await RebuildAsync(Engine(rig, config, Options(), counting), watermark);
        var replayedMinutes = (watermark - snapshots[^1]) / MinuteMs;
        var undecided = (int)((Series.Value[0].Candles[^1].OpenTimeMs - watermark) / MinuteMs);
        Assert.True(counting.CandlesRead <= (2 * replayedMinutes) + (2 * Math.Min(undecided + 1, 1440)) + 2,
            $"the rebuild read {counting.CandlesRead} candles; from the snapshot it needs {2 * replayedMinutes} plus the undecided day");

        await DeleteSnapshotsAsync(rig);
        var fullReplay = await RebuildAsync(Engine(rig, config, Options(snapshotEvery: 0)), watermark);

        Assert.Equal(liveState, fromSnapshot);
        Assert.Equal(liveState, fullReplay);
    }

    [Fact]
    public async Task Restart_FromSnapshot_DecidesTheRestExactlyAsTheBacktester()
    {
        var config = new TradingConfig();
        await using var rig = new LiveRig();
        var (live, _) = await DecideAsync(rig, config, Options(), days: 5.5);
        var restarted = Engine(rig, config, Options());
        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value).Where(x => x.Candle.OpenTimeMs > live.Watermark!.Value - (30 * MinuteMs)))
        {
            await restarted.OnCandleAsync(symbol, candle, default);
        }

        await restarted.FinishAsync(default);
        var expected = Backtester.Run(Series.Value, config);
        Assert.True(expected.Signals.Count >= 5, $"the window should give signals, gave {expected.Signals.Count}");
        Assert.Equal(expected.Signals, rig.Signals);
        Assert.Equal(expected.Trades, rig.Exits);
    }

    [Fact]
    public async Task Rebuild_NewestSnapshotDamaged_WarnsAndUsesTheOlderOne()
    {
        var config = new TradingConfig();
        await using var rig = new LiveRig();
        var (live, liveState) = await DecideAsync(rig, config, Options(), days: 2.2);
        var snapshots = await SnapshotMinutesAsync(rig);
        var newestKey = EngineSnapshot.Key(snapshots[^1]);
        var json = (await rig.State.GetAsync(EngineSnapshot.Collection, newestKey))!;
        var engineAt = json.IndexOf("\"engine\":\"", StringComparison.Ordinal) + 20;
        var damaged = json[..engineAt] + (json[engineAt] == 'A' ? 'B' : 'A') + json[(engineAt + 1)..];
        await rig.State.PutAsync(EngineSnapshot.Collection, newestKey, damaged);

        var logs = new LogLines();
        var rebuilt = await RebuildAsync(Engine(rig, config, Options(), logger: logs), live.Watermark!.Value);

        Assert.Equal(liveState, rebuilt);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains($"Snapshot {newestKey} not used", StringComparison.Ordinal) && l.Text.Contains("checksum", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Text.Contains($"from the snapshot of {WireNames.Time(snapshots[^2])}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rebuild_SnapshotsOfAnotherFormatOrWithUnloadableState_WarnsAndReplaysInFull()
    {
        var config = new TradingConfig();
        var options = Options() with { SnapshotsKept = 2 };
        await using var rig = new LiveRig();
        var (live, liveState) = await DecideAsync(rig, config, options, days: 1.5);
        var snapshots = await SnapshotMinutesAsync(rig);
        Assert.Equal(2, snapshots.Count);

        // The newest: a later format. The older: a valid envelope (checksum right) around a truncated engine state.
        var newestKey = EngineSnapshot.Key(snapshots[1]);
        var json = (await rig.State.GetAsync(EngineSnapshot.Collection, newestKey))!;
        await rig.State.PutAsync(EngineSnapshot.Collection, newestKey, json.Replace("\"format\":1", "\"format\":2", StringComparison.Ordinal));
        var olderKey = EngineSnapshot.Key(snapshots[0]);
        var older = EngineSnapshot.Decode(olderKey, (await rig.State.GetAsync(EngineSnapshot.Collection, olderKey))!,
            EngineSnapshot.Fingerprint(config, true, options.Symbols), options.Symbols);
        var truncated = older with { Engine = older.Engine[..(older.Engine.Length / 2)] };
        await rig.State.PutAsync(EngineSnapshot.Collection, olderKey, truncated.Encode(EngineSnapshot.Fingerprint(config, true, options.Symbols), options.Symbols));

        var logs = new LogLines();
        var rebuilt = await RebuildAsync(Engine(rig, config, options, logger: logs), live.Watermark!.Value);

        Assert.Equal(liveState, rebuilt);
        var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Contains(warnings, w => w.Contains($"Snapshot {newestKey} not used", StringComparison.Ordinal) && w.Contains("format 2", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"Snapshot {olderKey} not used", StringComparison.Ordinal) && w.Contains("truncated", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("full replay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rebuild_SnapshotTakenUnderOtherSettings_NotLoaded()
    {
        await using var rig = new LiveRig();
        var (live, _) = await DecideAsync(rig, new TradingConfig(), Options(), days: 1.2);
        var changed = new TradingConfig { Strategy = new StrategySettings { Defaults = new ChampionOptions { VolumeFactor = 2.0 } } };
        var logs = new LogLines();

        var rebuilt = await RebuildAsync(Engine(rig, changed, Options(), logger: logs), live.Watermark!.Value);

        var fullReplayRig = new LiveRig();
        await using (fullReplayRig)
        {
            var (_, expected) = await DecideAsync(fullReplayRig, changed, Options(snapshotEvery: 0), days: 1.2);
            Assert.Equal(expected, rebuilt);
        }

        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("taken under other settings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rebuild_RequestCancelledMidRebuild_NextCallTakesThatRebuildInsteadOfStartingOver()
    {
        var config = new TradingConfig();
        await using var rig = new LiveRig();
        var (live, liveState) = await DecideAsync(rig, config, Options(snapshotEvery: 0), days: 4);
        var watermark = live.Watermark!.Value;

        // What one full rebuild reads.
        var reference = new CountingCandleStore(rig.Candles);
        await RebuildAsync(Engine(rig, config, Options(snapshotEvery: 0), reference), watermark);

        // The request is cancelled once the rebuild has read a third of that (Cloud Run's deadline mid-replay).
        var counting = new CountingCandleStore(rig.Candles);
        using var request = new CancellationTokenSource();
        counting.OnRead = total =>
        {
            if (total >= reference.CandlesRead / 3)
            {
                request.Cancel();
            }
        };
        var engine = Engine(rig, config, Options(snapshotEvery: 0), counting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RebuildAsync(engine, watermark, request.Token));
        Assert.Null(engine.SaveEngineState());

        var rebuilt = await RebuildAsync(engine, watermark);

        Assert.Equal(liveState, rebuilt);
        Assert.Equal(reference.CandlesRead, counting.CandlesRead);
    }
}
