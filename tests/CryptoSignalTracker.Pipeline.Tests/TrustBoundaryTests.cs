using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// The Aggregator's and the pipeline codecs' trust boundary (issue 15): a message that breaks a rule is refused as
/// unprocessable (dead-lettered, never a 500 that Pub/Sub redelivers for ever), nothing of it is stored, and the
/// messages after it on the same ordered stream still go through.
/// </summary>
public sealed class TrustBoundaryTests
{
    private const long YearMs = 365L * 86_400_000;
    private static readonly long Minute = SourceData.StartMs;

    private static FakeTimeProvider ClockAfterTheMinute() => new(DateTimeOffset.FromUnixTimeMilliseconds(Minute + 90_000));

    private static byte[] Batch(string run = "run1", string size = "0.25", string price = "105000.5", long minuteMs = 0) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"v":1,"kind":"trades","symbol":"BTCUSDT","run":"{{run}}","minuteMs":{{(minuteMs == 0 ? Minute : minuteMs)}},"seq":1,"trades":[[{{(minuteMs == 0 ? Minute : minuteMs) + 1_000}},"B",{{price}},{{size}},"a1"],[{{(minuteMs == 0 ? Minute : minuteMs) + 2_000}},"S",{{price}},{{size}},"a2"]]}"""));

    private static byte[] Candle(string fields) =>
        Encoding.UTF8.GetBytes("{\"v\":1,\"symbol\":\"BTCUSDT\",\"interval\":\"1m\",\"source\":\"trades\"," + fields + "}");

    [Fact]
    public async Task Aggregator_BatchAndMarkerDatedAYearAhead_UnprocessableAndNothingStored()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, null, ClockAfterTheMinute());
        var future = Minute + YearMs;

        var batch = await Assert.ThrowsAsync<UnprocessableMessageException>(() => assembler.HandleAsync(Batch(minuteMs: future), CancellationToken.None));
        var marker = await Assert.ThrowsAsync<UnprocessableMessageException>(() =>
            assembler.HandleAsync(RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "run1", future, 0, 105000.5, null, false)).Data, CancellationToken.None));

        Assert.Contains("after the clock", batch.Message, StringComparison.Ordinal);
        Assert.Contains("after the clock", marker.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.State.ListAsync(CandleAssembler.PartialCollection("BTCUSDT", future)));
        Assert.Empty(await harness.Candles.ReadAsync("BTCUSDT", future, future));
        Assert.Empty(await harness.State.ListAsync(CandleAssembler.ClaimCollection));
    }

    [Theory]
    [InlineData("1e308", "105000.5", "size 1E+308 is not a size")]
    [InlineData("-1", "105000.5", "size -1 is not a size")]
    [InlineData("0.25", "1e308", "price 1E+308 is not a price")]
    [InlineData("0.25", "5e-324", "price 5E-324 is not a price")]
    public async Task Aggregator_BatchWithAbsurdPriceOrSize_UnprocessableAndNoPartialStored(string size, string price, string expected)
    {
        // Two sizes of 1e308 summed to an Infinity volume in the stored partial; the minute's marker then failed (500) on every delivery.
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, null, ClockAfterTheMinute());

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() => assembler.HandleAsync(Batch(size: size, price: price), CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        var stored = Assert.Single(await harness.State.ListAsync(CandleAssembler.PartialCollection("BTCUSDT", Minute)));
        Assert.True(PartialCandle.FromJson(stored.Value, Minute).Rejected, "only the record that batch 1 was refused, no values");
    }

    [Theory]
    [InlineData("run/1", "U+002F")]
    [InlineData("run\\u00001", "U+0000")]
    [InlineData(null, "must be 1 to 128 characters, was 100000")]
    public async Task Aggregator_RunIdUnsafeOrHuge_UnprocessableAndNoPartialStored(string? run, string expected)
    {
        // A run with '/' or 100 KB became a store key: Firestore refused it with a 500, redelivered for ever.
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, null, ClockAfterTheMinute());

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() => assembler.HandleAsync(Batch(run: run ?? new string('r', 100_000)), CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 400, "the reason is short enough for a dead-letter attribute");
        Assert.Empty(await harness.State.ListAsync(CandleAssembler.PartialCollection("BTCUSDT", Minute)));
    }

    [Fact]
    public async Task Aggregator_MarkerWithBackfillOpenAboveHigh_UnprocessableAndNoCandleStored()
    {
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, null, ClockAfterTheMinute());
        var kline = new Candle(Minute, 106000, 105500, 104900, 105100, 12.5);

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() =>
            assembler.HandleAsync(RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "run1", Minute, 0, null, kline, false)).Data, CancellationToken.None));

        Assert.Contains("inconsistent", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Candles.ReadAsync("BTCUSDT", Minute, Minute));
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("emulators")]
    public async Task Aggregator_PoisonBatchOnTheOrderedStream_DeadLetteredAndTheNextMinuteStillCloses(string backend)
    {
        // On the ordered subscription a poison batch that failed with a 500 held its symbol back (> 300 s on the Pub/Sub
        // emulator, where the ordering key BTCUSDT blocks every later message of the symbol until the poison is settled).
        await using var harness = backend == "embedded" ? await PipelineHarness.EmbeddedAsync() : await PipelineHarness.EmulatorsAsync();
        var candles = SourceData.Candles("BTCUSDT", 2);
        await harness.Bus.PublishAsync(PipelineTopics.RawTicks, new BusMessage(Batch(size: "1e308"), new Dictionary<string, string>(), "BTCUSDT"), CancellationToken.None);
        await harness.Bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "run1", Minute, 1, null, null, false)), CancellationToken.None);
        var next = candles[1];
        await harness.Bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new TradeBatch("BTCUSDT", "run2", next.OpenTimeMs, 1, [.. SourceData.TradesOf("BTCUSDT", next)])), CancellationToken.None);
        await harness.Bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "run2", next.OpenTimeMs, 1, null, null, false)), CancellationToken.None);

        await EmbeddedPipelineTests.WaitForAsync(() => harness.Events.Any(e => e.Candle.OpenTimeMs == next.OpenTimeMs));

        var closed = Assert.Single(harness.Events, e => e.Candle.OpenTimeMs == next.OpenTimeMs);
        PipelineAssert.SameOhlcv([next], [closed.Candle], "BTCUSDT");
        Assert.Empty(await harness.Candles.ReadAsync("BTCUSDT", Minute, Minute));
    }

    [Theory]
    [InlineData("\"openTimeMs\":9223372036854720000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0", "open time")]
    [InlineData("\"openTimeMs\":60000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0", "open time")]
    [InlineData("\"openTimeMs\":253402300740000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0", "open time")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":1e308,\"high\":1e308,\"low\":1e308,\"close\":1e308,\"volume\":0", "is not a price")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":5e-324,\"high\":5e-324,\"low\":5e-324,\"close\":5e-324,\"volume\":0", "is not a price")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":3,\"high\":2,\"low\":1,\"close\":1.5,\"volume\":0", "inconsistent")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0,\"trades\":1.5", "'trades' must be null or a whole number")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0,\"trades\":-5", "'trades' must be null or a whole number")]
    [InlineData("\"openTimeMs\":1748624400000,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":-3", "volume -3 is not a volume")]
    public void DecodeCandle_AbsurdValues_UnprocessableNamingTheRule(string fields, string expected)
    {
        var ex = Assert.Throws<UnprocessableMessageException>(() => RawTickMessageCodec.DecodeCandle(Candle(fields)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BTC\\u0000USDT")]
    [InlineData("BTC\\u202EUSDT")]
    [InlineData("BTC/USDT")]
    public void DecodeCandle_SymbolWithNulBidiOverrideOrSlash_UnprocessableAndTheReasonEscapesIt(string symbol)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"v":1,"symbol":"{{symbol}}","interval":"1m","openTimeMs":1748624400000,"open":1,"high":1,"low":1,"close":1,"volume":0,"source":"trades"}""");
        var ex = Assert.Throws<UnprocessableMessageException>(() => RawTickMessageCodec.DecodeCandle(json));
        Assert.Contains("is not a symbol", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', ex.Message);
        Assert.DoesNotContain('\u202E', ex.Message);
    }

    [Fact]
    public void ParseKlines_OneKlineWithOpenAboveHigh_LeftOutTheOthersKept()
    {
        var body = """{"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT","list":[["1670608860000","17071","17073","17027","17055.5","268611","15.7"],["1670608800000","17200","17100","16900","17071","10","1"]]},"retExtInfo":{},"time":1672025956592}""";

        var candles = BybitRestClient.ParseKlines(Encoding.UTF8.GetBytes(body), "BTCUSDT", 1670608800000, 1670608860000);

        Assert.Equal([1670608860000L], candles.Select(c => c.OpenTimeMs));
    }
}
