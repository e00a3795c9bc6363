namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// End to end on the local cloud: a fake Bybit websocket replays trades synthesized from real minutes of BTCUSDT
/// and SOLUSDT (30 minutes; or, after about 100 stored hours, a window deciding a SWING); the Ingestor, Aggregator and
/// LogicEngine run as their own processes, fed by the Pub/Sub emulator's push subscriptions, with the default trading
/// configuration (macro on). Bigtable must hold exactly the source candles, and <c>trade-signals-micro</c> and
/// <c>macro-bias-updates</c> must carry exactly the backtester's entries, exits and biases on the same candles, however
/// the feed or the processes misbehave.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class LocalCloudEndToEndTests
{
    private const int FramesPerMinute = 8; // 2 symbols x 4 trades

    [Fact]
    public async Task Replay_CleanFeed_CandlesEqualSourceAndSignalsEqualBacktesterExactlyOnce()
    {
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script());
        await run.CheckAsync(exactlyOnce: true);
        var status = await run.IngestorStatusAsync();
        Assert.Equal(1, status.GetProperty("connections").GetInt32());
        Assert.Equal(0, status.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Replay_EveryFrameTwiceAndSocketDropsMidMinute_SameCandlesAndSignals()
    {
        // frame 99 is minute 12's BTC trade at +15 s; the next 3 trades are never sent and come back from REST
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(duplicate: true, dropAfter: (12 * FramesPerMinute) + 3, missed: 3));
        await run.CheckAsync(exactlyOnce: false);
        var status = await run.IngestorStatusAsync();
        Assert.Equal(2, run.Server.Connections);
        Assert.True(status.GetProperty("duplicates").GetInt32() > 0, $"no duplicate dropped: {status}");
        Assert.True(run.Server.RecentTradeRequests >= 1, "the Ingestor did not backfill the gap from the REST endpoint");
    }

    [Fact]
    public async Task Replay_AggregatorKilledMidRunAndRestarted_PushesRedeliveredSameCandlesAndSignals()
    {
        // the feed holds at minute 10; the Aggregator is killed (SIGKILL), minutes 10-29 are published while it is
        // down (every push fails), then it starts again on the same port and the emulator redelivers
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(pauseBeforeFrame: 10 * FramesPerMinute));
        var aggregator = run.Cloud.Function("Aggregator");
        await run.Server.Paused.WaitAsync(TimeSpan.FromSeconds(60));
        await run.WaitForAsync(() => run.CandleEvents.Count >= 2 * 8, "minutes 0-7 closed");
        await aggregator.KillAsync();
        var closedBeforeKill = run.CandleEvents.Count;
        run.Server.Resume();
        await run.Server.Replayed.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1000); // the last batches and markers are published and their pushes fail
        await aggregator.StartAsync(CancellationToken.None);
        await run.CheckAsync(exactlyOnce: false);
        Assert.True(closedBeforeKill < 2 * LocalCloudRun.Minutes, $"all {closedBeforeKill} candles were out before the kill");
        Assert.Equal(2, aggregator.Starts);
    }

    [Fact]
    public async Task Replay_IngestorKilledWhileMinutesPassedUnheardAndRestarted_ResumesAfterTheStoredMinutesSoNoneIsMissing()
    {
        // the socket drops after minute 9's last frame and minutes 10-11 go by while nobody listens (16 trades); the
        // reconnected Ingestor is held before its first push and killed (SIGKILL), so minutes 9-11 were never closed by
        // it. The new Ingestor's first push is minute 12: it must resume after the newest stored candle, the minutes
        // between backfilled from REST, or the store keeps a hole there for good.
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(dropAfter: 10 * FramesPerMinute, missed: 2 * FramesPerMinute, pauseBeforeFrame: 10 * FramesPerMinute));
        var ingestor = run.Cloud.Function("Ingestor");
        await run.Server.Paused.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, run.Server.Connections); // held on the reconnection, before the skipped minutes' gap is known
        await ingestor.KillAsync();
        await ingestor.StartAsync(CancellationToken.None);
        run.Server.Resume();
        await run.CheckAsync(exactlyOnce: false);
        Assert.Equal(2, ingestor.Starts);
    }

    [Fact]
    public async Task Replay_PubSubBigtableAndFirestoreFrozen20sWhileTheFeedRunsOn_SameCandlesAndSignals()
    {
        // an outage of every Google service at once (their own emulators, frozen with SIGSTOP, data kept): the feed
        // holds at minute 10 until minutes 0-7 are out, then the rest of the window is sent while nothing answers;
        // publishes, pushes, reads and writes stall or fail and must be retried until the services come back
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(pauseBeforeFrame: 10 * FramesPerMinute), privateEmulators: true);
        await run.Server.Paused.WaitAsync(TimeSpan.FromSeconds(60));
        await run.WaitForAsync(() => run.CandleEvents.Count >= 2 * 8, "minutes 0-7 closed");
        run.Cloud.FreezeEmulators(true);
        run.Server.Resume();
        await run.Server.Replayed.WaitAsync(TimeSpan.FromSeconds(60));
        var eventsDuringOutage = run.CandleEvents.Count;
        await Task.Delay(TimeSpan.FromSeconds(20));
        Assert.Equal(eventsDuringOutage, run.CandleEvents.Count); // nothing got through: the outage was real
        run.Cloud.FreezeEmulators(false);
        await run.CheckAsync(exactlyOnce: false);
    }

    [Fact]
    public async Task Replay_LogicEngineKilledWithAPositionOpenAndRestarted_RebuildsAndGivesTheSameExit()
    {
        // the entry is decided on minute 19 (01:00), its stop-loss exit on minute 24: hold the feed at minute 21,
        // kill the LogicEngine once the entry is out, restart it and let the rest come; the exit needs the rebuilt state
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(pauseBeforeFrame: 21 * FramesPerMinute));
        var logicEngine = run.Cloud.Function("LogicEngine");
        await run.Server.Paused.WaitAsync(TimeSpan.FromSeconds(60));
        await run.WaitForAsync(() => run.SignalMessages.Any(m => m.Contains("\"ENTRY\"", StringComparison.Ordinal)), "the entry");
        await logicEngine.KillAsync();
        Assert.DoesNotContain(run.SignalMessages, m => m.Contains("\"EXIT\"", StringComparison.Ordinal));
        await logicEngine.StartAsync(CancellationToken.None);
        run.Server.Resume();
        await run.CheckAsync(exactlyOnce: false);
        Assert.Equal(2, logicEngine.Starts);
    }

    [Fact]
    public async Task Replay_SwingWindowAfterStoredHistory_EverySwingMicroExitAndBiasIsTheBacktestersExactlyOnce()
    {
        var window = LocalCloudWindow.Swing;
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(window: window), window);
        var swing = AssertHoldsASwingAndItsExit(run);
        await run.CheckAsync(exactlyOnce: true);
        Assert.Contains(run.SignalMessages, m => LocalCloudRun.IdOf(m) == swing);
        Assert.NotEmpty(run.BiasMessages);
    }

    [Fact]
    public async Task Replay_LogicEngineSigkilledBetweenSwingEntryAndExit_NextRunCatchesUpNothingSkippedOrDoubled()
    {
        // the feed holds two minutes after the SWING's decision; the LogicEngine is killed (SIGKILL) once the entry is out,
        // the rest of the window is published while it is down (every push fails), then it starts again, rebuilds from
        // the stored history and candles and decides every minute after its watermark
        var window = LocalCloudWindow.Swing;
        var swingMinute = window.Backtest(new Core.Backtesting.TradingConfig()).Signals.First(s => s.Kind == Core.Domain.SignalKind.Swing && s.TimeMs >= window.StartMs).TimeMs + (4 * SourceData.MinuteMs);
        var pauseMinute = (int)((swingMinute - window.StartMs) / SourceData.MinuteMs) + 3;
        await using var run = await LocalCloudRun.StartAsync(LocalCloudRun.Script(pauseBeforeFrame: pauseMinute * FramesPerMinute, window: window), window);
        var swing = AssertHoldsASwingAndItsExit(run);
        var logicEngine = run.Cloud.Function("LogicEngine");
        await run.Server.Paused.WaitAsync(TimeSpan.FromSeconds(120));
        await run.WaitForAsync(() => run.SignalMessages.Any(m => LocalCloudRun.IdOf(m) == swing), "the SWING entry");
        await logicEngine.KillAsync();
        Assert.DoesNotContain(run.SignalMessages, m => LocalCloudRun.IdOf(m) == "exit:" + swing);
        run.Server.Resume();
        await run.Server.Replayed.WaitAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(1000); // the last candles are published and their pushes to the dead LogicEngine fail
        await logicEngine.StartAsync(CancellationToken.None);
        await run.CheckAsync(exactlyOnce: false);
        Assert.Equal(2, logicEngine.Starts);
    }

    /// <summary>The id of the window's SWING entry the backtester gives; fails unless its exit is expected too.</summary>
    private static string AssertHoldsASwingAndItsExit(LocalCloudRun run)
    {
        var expected = run.ExpectedSignalMessages();
        var swing = expected.Keys.FirstOrDefault(id => id.Contains(Core.Macro.MacroRules.StrategyId, StringComparison.Ordinal) && !id.StartsWith("exit:", StringComparison.Ordinal));
        Assert.True(swing is not null, $"the window {run.Window} holds no SWING entry: {string.Join(", ", expected.Keys)}");
        Assert.Contains("exit:" + swing, expected.Keys);
        return swing;
    }
}
