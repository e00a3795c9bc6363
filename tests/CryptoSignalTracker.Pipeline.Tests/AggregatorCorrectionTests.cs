using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// A trade that arrives after its minute closed: the Ingestor publishes it as the minute's next batch with a correction
/// marker; the Aggregator rewrites the stored candle and publishes one correction event (real ETHUSDT trades).
/// </summary>
public sealed class AggregatorCorrectionTests
{
    private static readonly long Minute = RealTrades.StartMs + SourceData.MinuteMs; // 23:58

    [Theory]
    [InlineData("embedded")]
    [InlineData("emulators")]
    public async Task CorrectionMarker_LateTradesOfAClosedMinute_CandleRewrittenAndOneCorrectionEvent(string backend)
    {
        await using var harness = backend == "embedded" ? await PipelineHarness.EmbeddedAsync(withAggregator: false) : await PipelineHarness.EmulatorsAsync(withAggregator: false);
        var assembler = harness.NewAssembler();
        var trades = Trades();
        var (onTime, late) = Split(trades);
        var ct = CancellationToken.None;

        await assembler.StoreBatchAsync(new TradeBatch("ETHUSDT", "r1", Minute, 1, onTime[..(onTime.Count / 2)]), ct);
        await assembler.StoreBatchAsync(new TradeBatch("ETHUSDT", "r1", Minute, 2, onTime[(onTime.Count / 2)..]), ct);
        await assembler.CloseMinuteAsync(new MinuteClosed("ETHUSDT", "r1", Minute, 2, null, null, false), ct);
        var closed = Aggregate(onTime);
        Assert.Equal(closed.Close, (await Stored(harness)).Close);

        var correction = new MinuteClosed("ETHUSDT", "r1", Minute, 3, null, null, false, Correction: true);
        await Assert.ThrowsAsync<MinuteIncompleteException>(() => assembler.CloseMinuteAsync(correction, ct)); // batch 3 not stored yet: retry
        await assembler.StoreBatchAsync(new TradeBatch("ETHUSDT", "r1", Minute, 3, late), ct);
        await assembler.CloseMinuteAsync(correction, ct);
        await assembler.CloseMinuteAsync(correction, ct); // redelivered
        await assembler.CloseMinuteAsync(new MinuteClosed("ETHUSDT", "r1", Minute, 2, null, null, false), ct); // the first marker again

        var expected = Aggregate(trades);
        var stored = await Stored(harness);
        PipelineAssert.SameOhlcv([expected], [stored], "ETHUSDT");
        Assert.Equal(expected.Trades, stored.Trades);
        Assert.NotEqual(closed.Open, stored.Open); // the late trade was the minute's first: the open moved
        await EmbeddedPipelineTests.WaitForAsync(() => harness.Events.Count >= 2);
        await Task.Delay(300);
        var events = harness.Events.ToList();
        Assert.Equal(2, events.Count);
        // delivery is unordered (as on Pub/Sub): the closed event and its correction may arrive either way round
        var first = Assert.Single(events, e => !e.Correction);
        var fix = Assert.Single(events, e => e.Correction);
        Assert.Equal((closed.Open, closed.Close, closed.Trades), (first.Candle.Open, first.Candle.Close, first.Candle.Trades));
        Assert.Equal((expected.Open, expected.Close, expected.Trades), (fix.Candle.Open, fix.Candle.Close, fix.Candle.Trades));
        Assert.Equal(RawTickMessageCodec.CorrectionKind, RawTickMessageCodec.Encode(fix).Attributes[PipelineTopics.KindAttribute]);
    }

    [Fact]
    public async Task CorrectionMarker_DeliveredBeforeTheMinutesFirstMarker_CandleOnceAndTheFirstMarkerStops()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = harness.NewAssembler();
        var trades = Trades();
        var (onTime, late) = Split(trades);
        var ct = CancellationToken.None;
        await assembler.StoreBatchAsync(new TradeBatch("ETHUSDT", "r1", Minute, 1, onTime), ct);
        await assembler.StoreBatchAsync(new TradeBatch("ETHUSDT", "r1", Minute, 2, late), ct);

        await assembler.CloseMinuteAsync(new MinuteClosed("ETHUSDT", "r1", Minute, 2, null, null, false, Correction: true), ct);
        await assembler.CloseMinuteAsync(new MinuteClosed("ETHUSDT", "r1", Minute, 1, null, null, false), ct);

        var expected = Aggregate(trades);
        PipelineAssert.SameOhlcv([expected], [await Stored(harness)], "ETHUSDT");
        await EmbeddedPipelineTests.WaitForAsync(() => !harness.Events.IsEmpty);
        await Task.Delay(300);
        var only = Assert.Single(harness.Events);
        Assert.True(only.Correction);
        Assert.Equal(expected.Trades, only.Candle.Trades);
    }

    [Fact]
    public void DecodeCandle_FormingAndCorrectionAtOnce_RejectedNamingBoth()
    {
        var json = """{"v":1,"symbol":"ETHUSDT","interval":"1m","openTimeMs":1721347080000,"open":1,"high":1,"low":1,"close":1,"volume":1,"source":"trades","forming":true,"correction":true}"""u8.ToArray();
        var error = Assert.Throws<Core.Ports.UnprocessableMessageException>(() => RawTickMessageCodec.DecodeCandle(json));
        Assert.Contains("forming and a correction", error.Message, StringComparison.Ordinal);
    }

    /// <summary>ETHUSDT's real trades of 23:58.</summary>
    private static List<Trade> Trades() => [.. RealTrades.Of("ETHUSDT").Where(t => t.TimeMs >= Minute && t.TimeMs < Minute + SourceData.MinuteMs)];

    /// <summary>The minute's first trade arrives late; the rest on time.</summary>
    private static (List<Trade> OnTime, List<Trade> Late) Split(List<Trade> trades) => ([.. trades.Skip(1)], [trades[0]]);

    private static Candle Aggregate(List<Trade> trades) => Core.Aggregation.CandleAggregator.Aggregate([.. trades]).Candles.Single();

    private static async Task<Candle> Stored(PipelineHarness harness) =>
        (await harness.Candles.ReadAsync("ETHUSDT", Minute, Minute + SourceData.MinuteMs)).Single();
}
