namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// End to end on the local cloud: a fake Bybit websocket replays trades synthesized from 30 real minutes of BTCUSDT
/// and SOLUSDT; the Ingestor, Aggregator and LogicEngine run as their own processes, fed by the Pub/Sub emulator's
/// push subscriptions. Bigtable must hold exactly the source candles and <c>trade-signals-micro</c> must carry exactly
/// the backtester's entries and exits on them, however the feed or the processes misbehave.
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
}
