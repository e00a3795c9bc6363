using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The Aggregator's optional forming candles (Aggregator:FormingEvery) on the embedded backend, with real sample candles.</summary>
public sealed class AggregatorFormingTests
{
    private const string Symbol = "BTCUSDT";
    private const string Run = "run-1";
    private static readonly AggregatorOptions Every15Seconds = new() { FormingEvery = TimeSpan.FromSeconds(15) };

    /// <summary>Each of the minute's four trades (+1 s open, +15 s high, +30 s low, +50 s close) in a batch of its own, then the marker.</summary>
    private static async Task FeedMinuteAsync(CandleAssembler assembler, Candle candle)
    {
        var sequence = 0;
        foreach (var trade in SourceData.TradesOf(Symbol, candle))
        {
            await assembler.StoreBatchAsync(new TradeBatch(Symbol, Run, candle.OpenTimeMs, ++sequence, [trade]), CancellationToken.None);
        }

        await assembler.CloseMinuteAsync(new MinuteClosed(Symbol, Run, candle.OpenTimeMs, sequence, null, null, false), CancellationToken.None);
    }

    private static async Task<List<CandleClosed>> EventsAsync(PipelineHarness harness, int count)
    {
        await EmbeddedPipelineTests.WaitForAsync(() => harness.Events.Count >= count);
        await Task.Delay(200); // nothing more may come
        return [.. harness.Events.OrderBy(e => e.Candle.OpenTimeMs).ThenBy(e => e.Forming ? 0 : 1).ThenBy(e => e.Candle.Trades)];
    }

    [Fact]
    public async Task StoreBatch_FormingEvery15Seconds_PublishesTheMinuteSoFarAt15_30_50SecondsThenTheClosedCandle()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, Every15Seconds);
        var candles = SourceData.Candles(Symbol, 2);

        foreach (var candle in candles)
        {
            await FeedMinuteAsync(assembler, candle);
        }

        var events = await EventsAsync(harness, 8);
        Assert.Equal(8, events.Count);
        foreach (var (candle, i) in candles.Select((c, i) => (c, i)))
        {
            var minute = events.Skip(4 * i).Take(4).ToList();
            Assert.Equal([true, true, true, false], minute.Select(e => e.Forming));
            Assert.Equal([2, 3, 4, 4], minute.Select(e => e.Candle.Trades));
            Assert.All(minute, e => Assert.Equal(candle.OpenTimeMs, e.Candle.OpenTimeMs));
            var early = minute[0].Candle; // the open and high trades so far
            Assert.Equal((candle.Open, candle.High, Math.Min(candle.Open, candle.High), candle.High), (early.Open, early.High, early.Low, early.Close));
            Assert.Equal((candle.Open, candle.High, candle.Low, candle.Close, candle.Volume), (minute[2].Candle.Open, minute[2].Candle.High, minute[2].Candle.Low, minute[2].Candle.Close, minute[2].Candle.Volume));
            Assert.Equal(minute[2].Candle, minute[3].Candle); // the last forming candle held every trade
        }

        // Only closed candles are stored.
        var stored = await harness.StoredAsync(Symbol, 2);
        Assert.Equal(events.Where(e => !e.Forming).Select(e => e.Candle), stored);
    }

    [Fact]
    public async Task StoreBatch_OptionOff_PublishesOnlyClosedCandles()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus);
        var candles = SourceData.Candles(Symbol, 2);

        foreach (var candle in candles)
        {
            await FeedMinuteAsync(assembler, candle);
        }

        var events = await EventsAsync(harness, 2);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.False(e.Forming));
    }

    [Fact]
    public async Task StoreBatch_BatchRedeliveredAfterTheMinuteClosed_PublishesNoFormingCandle()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var candle = SourceData.Candles(Symbol, 1)[0];
        await FeedMinuteAsync(new CandleAssembler(harness.Candles, harness.State, harness.Bus), candle);
        var late = new CandleAssembler(harness.Candles, harness.State, harness.Bus, Every15Seconds); // a fresh instance: no memory of the minute

        await late.StoreBatchAsync(new TradeBatch(Symbol, Run, candle.OpenTimeMs, 4, [SourceData.TradesOf(Symbol, candle).Last()]), CancellationToken.None);

        var events = await EventsAsync(harness, 1);
        Assert.DoesNotContain(events, e => e.Forming);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60)]
    public void Options_FormingEveryNegativeOrAMinute_RejectedNamingTheSetting(int seconds)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AggregatorOptions { FormingEvery = TimeSpan.FromSeconds(seconds) }.Validate());

        Assert.Contains("Aggregator:FormingEvery", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_FormingEvent_CarriesTheFieldAndKindAttributeAndRoundTrips()
    {
        var candle = SourceData.Candles(Symbol, 1)[0];

        var forming = RawTickMessageCodec.Encode(new CandleClosed(Symbol, candle, CandleClosedSource.Trades, Forming: true));
        var closed = RawTickMessageCodec.Encode(new CandleClosed(Symbol, candle, CandleClosedSource.Trades));

        Assert.Contains("\"forming\":true", Encoding.UTF8.GetString(forming.Data.Span), StringComparison.Ordinal);
        Assert.Equal(RawTickMessageCodec.FormingKind, forming.Attributes[PipelineTopics.KindAttribute]);
        Assert.True(RawTickMessageCodec.DecodeCandle(forming.Data).Forming);
        Assert.DoesNotContain("forming", Encoding.UTF8.GetString(closed.Data.Span), StringComparison.Ordinal); // closed events unchanged
        Assert.False(closed.Attributes.ContainsKey(PipelineTopics.KindAttribute));
        Assert.Equal(new CandleClosed(Symbol, candle, CandleClosedSource.Trades), RawTickMessageCodec.DecodeCandle(closed.Data));
    }

    [Fact]
    public void Codec_FormingNotABoolean_RejectedNamingTheField()
    {
        var candle = SourceData.Candles(Symbol, 1)[0];
        var json = Encoding.UTF8.GetString(RawTickMessageCodec.Encode(new CandleClosed(Symbol, candle, CandleClosedSource.Trades)).Data.Span)
            .Replace("\"source\":\"trades\"", "\"source\":\"trades\",\"forming\":\"yes\"", StringComparison.Ordinal);

        var ex = Assert.Throws<UnprocessableMessageException>(() => RawTickMessageCodec.DecodeCandle(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("'forming' must be true or false", ex.Message, StringComparison.Ordinal);
    }
}
