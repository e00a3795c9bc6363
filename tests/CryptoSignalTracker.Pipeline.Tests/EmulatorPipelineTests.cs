namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// The same replays on the Google backend: the Pub/Sub, Bigtable and Firestore emulators (scripts/test.sh sets
/// PUBSUB/BIGTABLE/FIRESTORE_EMULATOR_HOST), each test in a project of its own.
/// </summary>
public sealed class EmulatorPipelineTests
{
    [Fact]
    public async Task Replay_DuplicatedFramesAndSocketDrop_CandlesEqualSourceAndOneEventEach()
    {
        await using var harness = await PipelineHarness.EmulatorsAsync();
        await PipelineScenarios.RunAndCheckAsync(harness, PipelineScenarios.Script(duplicate: true, dropAfter: 17, missed: 3), (server, ingestor) =>
        {
            Assert.Equal(2, server.Connections);
            Assert.True(ingestor.Duplicates > 0);
        });
    }

    [Fact]
    public async Task Aggregator_BatchesRedeliveredReorderedAndConcurrent_ExactlyTheSameCandlesAndOneEventEach()
    {
        await using var live = await PipelineHarness.EmulatorsAsync();
        var expected = await PipelineScenarios.RunAndCheckAsync(live, PipelineScenarios.Script());
        await using var replay = await PipelineHarness.EmulatorsAsync(withAggregator: false);
        await PipelineScenarios.ReplayShuffledConcurrentAsync(live.RawMessages.Select(m => m.Data), replay, seed: 3);
        await EmbeddedPipelineTests.WaitForAsync(() => replay.Events.Count >= expected.Values.Sum(c => c.Count));
        await Task.Delay(1000);
        foreach (var symbol in SourceData.Symbols)
        {
            Assert.Equal(expected[symbol], await replay.StoredAsync(symbol, PipelineScenarios.Minutes));
        }

        PipelineAssert.OneEventPerCandle(replay.Events, expected);
    }
}
