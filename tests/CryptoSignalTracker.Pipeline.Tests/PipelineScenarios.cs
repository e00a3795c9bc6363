using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The replays the pipeline tests run, on any backend.</summary>
public static class PipelineScenarios
{
    public const int Minutes = 6;

    /// <summary>SOL has no trades in its minute 3: it must close flat at minute 2's close.</summary>
    public static readonly (string Symbol, int Minute)[] Quiet = [("SOLUSDT", 3)];

    public static FakeBybitScript Script(bool duplicate = false, int? dropAfter = null, int missed = 0, bool recentTrades = true) => new()
    {
        RecentTrades = recentTrades,
        Trades = SourceData.Trades(Minutes, Quiet),
        Klines = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, Minutes)),
        DuplicateFrames = duplicate,
        DropAfterFrame = dropAfter,
        MissedOnDrop = missed,
        ClockFrameMs = SourceData.StartMs + (Minutes * SourceData.MinuteMs) + 3_000,
    };

    /// <summary>Replays <paramref name="script"/> through the Ingestor into <paramref name="harness"/> and checks the candles and events.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<Candle>>> RunAndCheckAsync(PipelineHarness harness, FakeBybitScript script, Action<FakeBybitServer, Functions.Ingestor.TradeIngestor>? more = null)
    {
        await using var server = await FakeBybitServer.StartAsync(script);
        var expectedEvents = SourceData.Symbols.Length * Minutes;
        var ingestor = await harness.RunIngestorAsync(server, () => harness.Events.Count >= expectedEvents, TimeSpan.FromSeconds(90));
        Assert.True(server.Replayed.IsCompleted, "the fake server did not finish its replay");
        await Task.Delay(500); // any duplicate event would show up here
        var stored = new Dictionary<string, IReadOnlyList<Candle>>();
        foreach (var symbol in SourceData.Symbols)
        {
            stored[symbol] = await harness.StoredAsync(symbol, Minutes);
            PipelineAssert.SameOhlcv(SourceData.Expected(symbol, Minutes, Quiet), stored[symbol], symbol);
        }

        PipelineAssert.OneEventPerCandle(harness.Events, stored);
        var flat = Assert.Single(harness.Events, e => e.Source == CandleClosedSource.Flat);
        Assert.Equal(("SOLUSDT", SourceData.StartMs + (3 * SourceData.MinuteMs)), (flat.Symbol, flat.Candle.OpenTimeMs));
        more?.Invoke(server, ingestor);
        return stored;
    }

    /// <summary>
    /// Feeds <paramref name="raw"/> (every message 3 times, shuffled) to fresh assemblers on
    /// <paramref name="target"/>, 8 at a time; a marker whose batches are not stored yet is retried, as Pub/Sub would.
    /// </summary>
    public static async Task ReplayShuffledConcurrentAsync(IEnumerable<ReadOnlyMemory<byte>> raw, PipelineHarness target, int seed)
    {
        var random = new Random(seed);
        var deliveries = raw.SelectMany(m => new[] { m, m, m }).OrderBy(_ => random.Next()).ToList();
        var pending = new System.Collections.Concurrent.ConcurrentQueue<ReadOnlyMemory<byte>>(deliveries);
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            var assembler = target.NewAssembler();
            var idle = 0;
            while (pending.TryDequeue(out var message))
            {
                try
                {
                    await assembler.HandleAsync(message, CancellationToken.None);
                    idle = 0;
                }
                catch (Functions.Aggregator.MinuteIncompleteException)
                {
                    pending.Enqueue(message); // nack: redelivered later
                    Assert.True(++idle < 10_000, "a minute never completed");
                    await Task.Delay(2);
                }
            }
        });
        await Task.WhenAll(workers);
    }
}
