using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// Seeded fuzzing of every decoder at a trust boundary (issue 15): real frames, raw-tick messages, push envelopes and
/// CSV rows, damaged at random (bytes flipped, cut, repeated, numbers swapped for extremes). Each decoder may only
/// refuse with its own error type (which the boundary turns into a 400, a dead letter or a clear CLI line); what it
/// accepts passes <see cref="InputRules"/>, and the Aggregator stores nothing that breaks them. The seed is fixed, so a
/// failure reproduces; thousands of inputs run in a few seconds.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Seed = 15;
    private const int PerDecoder = 3000;

    private static readonly string[] Extremes =
        ["1e308", "-1", "0", "5e-324", "9223372036854775807", "-9223372036854775808", "1.5", "NaN", "\"\"", "null", "\"\\u0000\"", "\"\\u202E\"", "[]", "{}", "\"a/b\""];

    [Fact]
    public void BybitFrames_RandomAndMutated_NeverThrowAndKeepOnlyTradesThatPassTheRules()
    {
        var random = new Random(Seed);
        var seeds = SourceData.Candles("BTCUSDT", 20).SelectMany(c => SourceData.TradesOf("BTCUSDT", c)).Chunk(4).Select(Frame).ToList();
        var parser = new BybitTradeFrameParser();
        var trades = new List<Trade>();
        for (var i = 0; i < PerDecoder; i++)
        {
            var input = i % 10 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Count)]);
            trades.Clear();
            var frame = parser.Parse(input, trades);
            Assert.True(frame.Kind != BybitFrameKind.Trades || frame.TradeCount == trades.Count, $"input {i}");
            Assert.All(trades, t => Assert.Null(InputRules.Price(t.Price, "price") ?? InputRules.Size(t.Size, "size")));
        }
    }

    [Fact]
    public async Task RawTickMessages_RandomAndMutated_OnlyRefusedAsUnprocessableAndNothingBadStored()
    {
        var random = new Random(Seed);
        await using var harness = await PipelineHarness.EmbeddedAsync(withAggregator: false);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(SourceData.StartMs + (30 * SourceData.MinuteMs)));
        var assembler = new CandleAssembler(harness.Candles, harness.State, harness.Bus, null, clock);
        await harness.Bus.EnsureTopicAsync(PipelineTopics.Candles, CancellationToken.None);
        var candles = SourceData.Candles("BTCUSDT", 10);
        var seeds = new List<byte[]>();
        foreach (var c in candles)
        {
            seeds.Add(RawTickMessageCodec.Encode(new TradeBatch("BTCUSDT", "fuzz", c.OpenTimeMs, 1, [.. SourceData.TradesOf("BTCUSDT", c)])).Data.ToArray());
            seeds.Add(RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "fuzz", c.OpenTimeMs, 1, c.Close, null, false)).Data.ToArray());
            seeds.Add(RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "fuzz2", c.OpenTimeMs, 0, null, c, false)).Data.ToArray());
        }

        var refused = 0;
        for (var i = 0; i < PerDecoder / 3; i++)
        {
            var input = i % 10 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Count)]);
            try
            {
                await assembler.HandleAsync(input, CancellationToken.None);
            }
            catch (UnprocessableMessageException)
            {
                refused++;
            }
            catch (MinuteIncompleteException)
            {
                // a marker whose batches are not all in: retried later, nothing stored
            }
        }

        Assert.True(refused > 0);
        var stored = await harness.Candles.ReadAsync("BTCUSDT", InputRules.MinTimeMs, InputRules.MaxTimeMs - 1);
        Assert.All(stored, c => Assert.Null(InputRules.Candle(c, "stored candle")));
        foreach (var c in candles)
        {
            foreach (var (key, value) in await harness.State.ListAsync(CandleAssembler.PartialCollection("BTCUSDT", c.OpenTimeMs)))
            {
                var partial = PartialCandle.FromJson(value, c.OpenTimeMs);
                Assert.True(partial.Rejected || InputRules.Candle(partial.Candle, key) is null, key);
            }
        }
    }

    [Fact]
    public void CandleEventsAndSignals_RandomAndMutated_OnlyRefusedWithTheirOwnErrorAndAcceptedOnesPassTheRules()
    {
        var random = new Random(Seed);
        var candleSeeds = SourceData.Candles("BTCUSDT", 10).Select(c => RawTickMessageCodec.Encode(new CandleClosed("BTCUSDT", c, CandleClosedSource.Trades)).Data.ToArray()).ToList();
        var signal = new Signal(Signal.MakeId("BTCUSDT", SourceData.StartMs, "v5.2-champion"), "BTCUSDT", SourceData.StartMs, Direction.Long, SignalKind.Micro,
            105164.2, 104428.1, 106741.7, 0.097, 64, "RSI 28 below 30", "v5.2-champion");
        var signalSeed = TradeSignalMessageCodec.EncodeEntry(signal, null);
        for (var i = 0; i < PerDecoder; i++)
        {
            try
            {
                var closed = RawTickMessageCodec.DecodeCandle(Mutate(random, candleSeeds[random.Next(candleSeeds.Count)]));
                Assert.Null(InputRules.Candle(closed.Candle, "candle"));
            }
            catch (UnprocessableMessageException)
            {
            }

            try
            {
                var message = TradeSignalMessageCodec.Decode(Mutate(random, signalSeed));
                Assert.Null(InputRules.Levels(message.Signal!.Side, message.Signal.Entry, message.Signal.StopLoss, message.Signal.TakeProfit, "signal"));
                Assert.Null(InputRules.Id(message.Signal.Id, "id"));
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void PushEnvelopes_RandomAndMutated_OnlyRefusedAsDecodingErrors()
    {
        var random = new Random(Seed);
        var data = Convert.ToBase64String(RawTickMessageCodec.Encode(new MinuteClosed("BTCUSDT", "fuzz", SourceData.StartMs, 0, 1.5, null, false)).Data.ToArray());
        var seed = Encoding.UTF8.GetBytes($$"""{"message":{"data":"{{data}}","attributes":{"kind":"minute_closed"},"messageId":"4102184774039362","publishTime":"2022-02-15T11:28:32.942Z","orderingKey":"BTCUSDT"},"subscription":"projects/p/subscriptions/s","deliveryAttempt":2}""");
        for (var i = 0; i < PerDecoder; i++)
        {
            var input = i % 10 == 0 ? RandomBytes(random) : Mutate(random, seed);
            try
            {
                // Decode takes the body over (a push envelope's data is decoded in place): give it a copy.
                var cloudEvent = CloudEventRequestDecoder.Decode(new HeaderDictionary(), "application/json", "/", [.. input]);
                Assert.Null(InputRules.Text(cloudEvent.Id, "id", 256));
                var parsed = MessagePublishedData.Parse(input);
                var inPlace = Assert.IsType<MessagePublishedData>(cloudEvent.Data);
                Assert.True(parsed.Message.Data.Span.SequenceEqual(inPlace.Message.Data.Span), "data decoded in place differs from data decoded into a new array");
                Assert.Equal(parsed.Message.MessageId, inPlace.Message.MessageId);
                Assert.Equal(parsed.Message.Attributes, inPlace.Message.Attributes);
            }
            catch (CloudEventDecodingException)
            {
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void CsvRows_RandomAndMutated_OnlyDataFormatErrorsAndAcceptedCandlesPassTheRules()
    {
        var random = new Random(Seed);
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample"), "bybit_linear_BTCUSDT_1m_*.csv").Single();
        var seed = Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(file).Take(30)) + "\n");
        for (var i = 0; i < PerDecoder; i++)
        {
            var input = Mutate(random, seed);
            try
            {
                var read = CandleCsvReader.Read(new StringReader(Encoding.UTF8.GetString(input)), "fuzz.csv");
                Assert.All(read, c => Assert.Null(InputRules.Candle(c, "candle")));
            }
            catch (DataFormatException)
            {
            }
        }
    }

    private static byte[] Frame(Trade[] trades)
    {
        var items = trades.Select(t => string.Create(CultureInfo.InvariantCulture,
            $$"""{"T":{{t.TimeMs}},"s":"{{t.Symbol}}","S":"{{(t.Side == TakerSide.Buy ? "Buy" : "Sell")}}","v":"{{t.Size}}","p":"{{t.Price}}","L":"PlusTick","i":"{{RawTickMessageCodec.IdText(t.Id)}}","BT":false}"""));
        return Encoding.UTF8.GetBytes($$"""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":{{trades[^1].TimeMs}},"data":[{{string.Join(',', items)}}]}""");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to three damages: a flipped byte, a cut, a repeated span, or a number or string swapped for an extreme.</summary>
    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 20)));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 40))));
                    break;
                default:
                    ReplaceValue(random, bytes, at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Replaces the JSON value or CSV field at or after <paramref name="at"/> by an extreme.</summary>
    private static void ReplaceValue(Random random, List<byte> bytes, int at)
    {
        var start = bytes.FindIndex(at, b => b is (byte)':' or (byte)',');
        if (start < 0)
        {
            return;
        }

        var end = bytes.FindIndex(start + 1, b => b is (byte)',' or (byte)'}' or (byte)']' or (byte)'\n');
        if (end < 0)
        {
            return;
        }

        bytes.RemoveRange(start + 1, end - start - 1);
        bytes.InsertRange(start + 1, Encoding.UTF8.GetBytes(Extremes[random.Next(Extremes.Length)]));
    }
}
