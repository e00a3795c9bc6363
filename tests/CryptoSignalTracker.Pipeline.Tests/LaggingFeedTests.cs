using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Ingestor;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// Issue 11, finding 1: one symbol's feed running minutes behind another's. The fake Bybit pushes real BTCUSDT and
/// ETHUSDT trades with BTCUSDT's trade times <c>lag</c> minutes behind ETHUSDT's (a burst, a reconnecting connection,
/// a backfill); every trade sent must be published and every candle must equal <c>cst aggregate</c> on the same trades.
/// </summary>
public sealed class LaggingFeedTests
{
    [Theory]
    [InlineData("embedded", 2)]
    [InlineData("embedded", 1)]
    [InlineData("emulators", 2)]
    public async Task Replay_BtcTradesMinutesBehindEth_EveryTradePublishedAndCandlesEqualAggregate(string backend, int lagMinutes)
    {
        await using var harness = backend == "embedded" ? await PipelineHarness.EmbeddedAsync() : await PipelineHarness.EmulatorsAsync();
        var lagMs = lagMinutes * SourceData.MinuteMs;
        var sent = RealTrades.Symbols.SelectMany(RealTrades.Of)
            .OrderBy(t => t.TimeMs + (t.Symbol == "BTCUSDT" ? lagMs : 0)).ThenBy(t => t.Symbol, StringComparer.Ordinal).ToList();
        var expected = RealTrades.Symbols.ToDictionary(s => s, RealTrades.Candles);
        await using var server = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = sent,
            IdText = RealTrades.IdText,
            TradesPerFrame = 25,
            Klines = expected,
            FrameDelay = TimeSpan.FromMilliseconds(1),
            ClockFrameMs = sent[^1].TimeMs + lagMs + 10_000,
        });

        var ingestor = await harness.RunIngestorAsync(
            server,
            () => RealTrades.Symbols.All(s => harness.Events.Any(e => e.Symbol == s && e.Candle.OpenTimeMs == expected[s][^1].OpenTimeMs)),
            TimeSpan.FromSeconds(60),
            RealTrades.Symbols,
            new IngestorOptions { BatchInterval = TimeSpan.FromMilliseconds(20), BackfillRetryDelay = TimeSpan.FromMilliseconds(50) });
        await EmbeddedPipelineTests.WaitForAsync(() => harness.Events.Count >= expected.Values.Sum(c => c.Count));

        var storedAll = new Dictionary<string, IReadOnlyList<Candle>>();
        var published = harness.RawMessages.Select(m => RawTickMessageCodec.Decode(m.Data)).OfType<TradeBatch>().SelectMany(b => b.Trades).ToList();
        foreach (var symbol in RealTrades.Symbols)
        {
            var want = RealTrades.Of(symbol).Count;
            var got = published.Count(t => t.Symbol == symbol);
            Assert.True(want == got, $"{symbol}: the fake sent {want} trades, the Ingestor published {got} ({ingestor.LateTrades} late trades dropped)");
            var stored = await harness.Candles.ReadAsync(symbol, RealTrades.StartMs, RealTrades.StartMs + (RealTrades.Minutes * SourceData.MinuteMs));
            PipelineAssert.SameOhlcv(expected[symbol], stored, symbol);
            storedAll[symbol] = stored;
            foreach (var e in harness.Events.Where(e => e.Symbol == symbol && e.Source == CandleClosedSource.Trades))
            {
                var candle = expected[symbol].Single(c => c.OpenTimeMs == e.Candle.OpenTimeMs);
                // volumes are sums of the batches' sums: equal up to the order of floating-point additions
                Assert.True(
                    candle.Trades == e.Candle.Trades && Close(candle.BuyVolume, e.Candle.BuyVolume) && Close(candle.SellVolume, e.Candle.SellVolume),
                    $"{e.Key}: {e.Candle}, expected {candle}");
            }
        }

        // the first minute of each symbol was joined mid-way (kline); every other minute was built from the trades
        Assert.Equal(RealTrades.Symbols.Length, harness.Events.Count(e => e.Source == CandleClosedSource.Kline));
        // after its last trade a symbol is quiet: the minutes the exchange clock passes after that close flat
        var end = RealTrades.StartMs + (RealTrades.Minutes * SourceData.MinuteMs);
        Assert.All(harness.Events.Where(e => e.Candle.OpenTimeMs >= end), e => Assert.Equal(CandleClosedSource.Flat, e.Source));
        PipelineAssert.OneEventPerCandle(harness.Events.Where(e => e.Candle.OpenTimeMs < end), storedAll);
        Assert.Equal((0L, 0L), (ingestor.LateTrades, ingestor.Corrections));
    }

    private static bool Close(double expected, double actual) => Math.Abs(expected - actual) <= PipelineAssert.VolumeTolerance * Math.Max(1, Math.Abs(expected));
}
