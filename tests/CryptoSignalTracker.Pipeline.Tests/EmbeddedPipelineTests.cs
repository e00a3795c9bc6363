using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The Ingestor and Aggregator on the embedded backend (in-process bus, SQLite), fed by the fake Bybit.</summary>
public sealed class EmbeddedPipelineTests
{
    [Fact]
    public async Task Replay_CleanFeed_CandlesEqualSourceAndOneEventEach()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync();
        await PipelineScenarios.RunAndCheckAsync(harness, PipelineScenarios.Script(), (server, ingestor) =>
        {
            Assert.Equal(1, server.Connections);
            Assert.Equal(0, ingestor.Duplicates);
            Assert.Equal(SourceData.Symbols.Length, harness.Events.Count(e => e.Source == CandleClosedSource.Kline)); // the first minute of each symbol
        });
        Assert.Contains(harness.RawMessages, m => m.Attributes[PipelineTopics.KindAttribute] == RawTickMessageCodec.TradesKind);
        Assert.All(harness.RawMessages, m => Assert.Equal(m.Attributes[PipelineTopics.SymbolAttribute], m.OrderingKey));
    }

    [Fact]
    public async Task Replay_FeedSendsEveryFrameTwice_SameCandlesAndDuplicatesDropped()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync();
        await PipelineScenarios.RunAndCheckAsync(harness, PipelineScenarios.Script(duplicate: true), (_, ingestor) => Assert.True(ingestor.Duplicates > 0));
    }

    [Fact]
    public async Task Replay_SocketDropsMidMinuteLosingTrades_MissedTradesBackfilledFromRecentTrades()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync();
        // frame 17 is minute 2's first BTC trade; the next 3 trades are never sent
        await PipelineScenarios.RunAndCheckAsync(harness, PipelineScenarios.Script(dropAfter: 17, missed: 3), (server, _) =>
        {
            Assert.Equal(2, server.Connections);
            Assert.True(server.RecentTradeRequests >= SourceData.Symbols.Length);
            Assert.Equal(SourceData.Symbols.Length, harness.Events.Count(e => e.Source == CandleClosedSource.Kline)); // only the first minutes
            var minute2 = harness.Events.Where(e => e.Candle.OpenTimeMs == SourceData.StartMs + (2 * SourceData.MinuteMs)).ToList();
            Assert.All(minute2, e => Assert.Equal(4, e.Candle.Trades)); // every trade, none twice
        });
    }

    [Fact]
    public async Task Replay_SocketDropsAndRecentTradesUnavailable_MinutesBackfilledFromKline()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync();
        await PipelineScenarios.RunAndCheckAsync(harness, PipelineScenarios.Script(dropAfter: 17, missed: 3, recentTrades: false), (server, _) =>
        {
            Assert.Equal(2, server.Connections);
            Assert.True(harness.Events.Count(e => e.Source == CandleClosedSource.Kline) > SourceData.Symbols.Length, "the gap's minutes came from the kline endpoint");
        });
    }

    [Fact]
    public async Task Aggregator_BatchesRedeliveredReorderedAndConcurrent_ExactlyTheSameCandlesAndOneEventEach()
    {
        await using var live = await PipelineHarness.EmbeddedAsync();
        var expected = await PipelineScenarios.RunAndCheckAsync(live, PipelineScenarios.Script());
        await using var replay = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        await PipelineScenarios.ReplayShuffledConcurrentAsync(live.RawMessages.Select(m => m.Data), replay, seed: 7);
        await WaitForAsync(() => replay.Events.Count >= expected.Values.Sum(c => c.Count));
        await Task.Delay(300);
        foreach (var symbol in SourceData.Symbols)
        {
            Assert.Equal(expected[symbol], await replay.StoredAsync(symbol, PipelineScenarios.Minutes)); // bit for bit
        }

        PipelineAssert.OneEventPerCandle(replay.Events, expected);
    }

    [Fact]
    public async Task AggregatorFunction_PushEnvelopesShuffledDuplicatedConcurrent_SameCandlesOneEventEach()
    {
        await using var live = await PipelineHarness.EmbeddedAsync();
        var expected = await PipelineScenarios.RunAndCheckAsync(live, PipelineScenarios.Script());
        await using var replay = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var port = FreePort();
        var app = FunctionHost.Build(new FunctionHostSettings
        {
            FunctionType = typeof(Functions.Aggregator.Function),
            Port = port,
            Address = IPAddress.Loopback,
            JsonLogging = false,
            Args = ["--CST_BACKEND=embedded", $"--CST_SQLITE_PATH={Path.Combine(Path.GetTempPath(), "unused.db")}"],
            ConfigureServices = s =>
            {
                s.AddSingleton(replay.Bus);
                s.AddSingleton(replay.Candles);
                s.AddSingleton(replay.State);
            },
        });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var random = new Random(11);
            var messages = live.RawMessages.ToList();
            var deliveries = messages.SelectMany((m, i) => new[] { (m, i), (m, i) }).OrderBy(_ => random.Next()).ToList();
            Assert.NotEmpty(deliveries);
            var pending = new System.Collections.Concurrent.ConcurrentQueue<(ReceivedBusMessage Message, int Index)>(deliveries);
            var retries = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (pending.TryDequeue(out var d))
                {
                    var body = $$"""{"message":{"data":"{{Convert.ToBase64String(d.Message.Data.Span)}}","messageId":"{{d.Index + 1}}","publishTime":"2025-05-30T17:00:00Z","orderingKey":"{{d.Message.OrderingKey}}"},"subscription":"projects/p/subscriptions/aggregator"}""";
                    using var response = await client.PostAsync("/", new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        // 503 = retry later: Pub/Sub redelivers it after others
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                        Assert.True(Interlocked.Increment(ref retries) < 20_000, "a minute never completed");
                        pending.Enqueue(d);
                        await Task.Delay(2);
                    }
                }
            }));
            await WaitForAsync(() => replay.Events.Count >= expected.Values.Sum(c => c.Count));
            await Task.Delay(300);
            foreach (var symbol in SourceData.Symbols)
            {
                Assert.Equal(expected[symbol], await replay.StoredAsync(symbol, PipelineScenarios.Minutes));
            }

            PipelineAssert.OneEventPerCandle(replay.Events, expected);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Aggregator_MalformedMessage_IsUnprocessableNamingTheField()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = harness.NewAssembler();
        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() =>
            assembler.HandleAsync(Encoding.UTF8.GetBytes("""{"v":1,"kind":"trades","symbol":"BTCUSDT","run":"r","minuteMs":1748624400000,"seq":1,"trades":[[1748624400001,"X",1,1,"a"]]}"""), CancellationToken.None));
        Assert.Contains("side", ex.Message, StringComparison.Ordinal);
        var notJson = await Assert.ThrowsAsync<UnprocessableMessageException>(() => assembler.HandleAsync(Encoding.UTF8.GetBytes("{oops"), CancellationToken.None));
        Assert.Contains("not JSON", notJson.Message, StringComparison.Ordinal);
        var outside = await Assert.ThrowsAsync<UnprocessableMessageException>(() =>
            assembler.HandleAsync(Encoding.UTF8.GetBytes("""{"v":1,"kind":"trades","symbol":"BTCUSDT","run":"r","minuteMs":1748624400000,"seq":1,"trades":[[1748624470000,"B",1,1,"a"]]}"""), CancellationToken.None));
        Assert.Contains("outside the batch's minute", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregator_MarkerBeforeItsBatches_AsksForRetryThenCloses()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = harness.NewAssembler();
        var minute = SourceData.StartMs;
        var trades = SourceData.TradesOf("BTCUSDT", SourceData.Candles("BTCUSDT", 1)[0]).ToList();
        var marker = RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "run1", minute, 2, null, null, false)).Data;
        var ex = await Assert.ThrowsAsync<Functions.Aggregator.MinuteIncompleteException>(() => assembler.HandleAsync(marker, CancellationToken.None));
        Assert.Contains("0 of 2 batches", ex.Message, StringComparison.Ordinal);
        await assembler.HandleAsync(RawTickMessageCodec.Encode(new TradeBatch("BTCUSDT", "run1", minute, 2, trades[2..])).Data, CancellationToken.None);
        await Assert.ThrowsAsync<Functions.Aggregator.MinuteIncompleteException>(() => assembler.HandleAsync(marker, CancellationToken.None));
        await assembler.HandleAsync(RawTickMessageCodec.Encode(new TradeBatch("BTCUSDT", "run1", minute, 1, trades[..2])).Data, CancellationToken.None);
        await assembler.HandleAsync(marker, CancellationToken.None);
        await assembler.HandleAsync(marker, CancellationToken.None);
        await WaitForAsync(() => !harness.Events.IsEmpty);
        await Task.Delay(200);
        var closed = Assert.Single(harness.Events);
        PipelineAssert.SameOhlcv(SourceData.Candles("BTCUSDT", 1), [closed.Candle], "BTCUSDT");
        Assert.Equal(4, closed.Candle.Trades);
        // the batches' partials are dropped; one merged partial stays for a late trade's correction (docs/ingest.md)
        var left = Assert.Single(await harness.State.ListAsync(Functions.Aggregator.CandleAssembler.PartialCollection("BTCUSDT", minute)));
        Assert.Equal("run1.closed", left.Key);
        Assert.Equal(closed.Candle.Volume / 2, closed.Candle.BuyVolume, 12);
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
