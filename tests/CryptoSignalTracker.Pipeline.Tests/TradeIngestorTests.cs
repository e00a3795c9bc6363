using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Ingestor;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The Ingestor's batching, minute closing and health in virtual time.</summary>
public sealed class TradeIngestorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(SourceData.StartMs + 5_000));
    private readonly InProcessMessageBus _bus;
    private readonly HttpClient _http = new();
    private readonly List<ReceivedBusMessage> _published = [];
    private IAsyncDisposable? _subscription;

    public TradeIngestorTests() => _bus = new InProcessMessageBus(null, _time);

    private async Task<TradeIngestor> NewAsync()
    {
        await _bus.EnsureTopicAsync(PipelineTopics.RawTicks, CancellationToken.None);
        await _bus.EnsureTopicAsync("dlq", CancellationToken.None);
        await _bus.EnsureSubscriptionAsync(new BusSubscription { Name = "all", Topic = PipelineTopics.RawTicks, DeadLetterTopic = "dlq" }, CancellationToken.None);
        _subscription = await _bus.SubscribeAsync("all", (m, _) =>
        {
            lock (_published)
            {
                _published.Add(m);
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        return new TradeIngestor(SourceData.Symbols, _bus, new BybitRestClient(_http, new Uri("http://127.0.0.1:9")),
            new IngestorOptions { BackfillAttempts = 1 }, _time, run: "run1");
    }

    private List<object> Decoded()
    {
        lock (_published)
        {
            return [.. _published.Select(m => RawTickMessageCodec.Decode(m.Data))];
        }
    }

    [Fact]
    public async Task CheckAsync_NoTradesForLongerThanStaleAfter_Unhealthy()
    {
        var ingestor = await NewAsync();
        Assert.True((await ingestor.CheckAsync(CancellationToken.None)).IsHealthy); // starting up
        _time.Advance(TimeSpan.FromMinutes(3));
        var stale = await ingestor.CheckAsync(CancellationToken.None);
        Assert.False(stale.IsHealthy);
        Assert.Contains("stale", stale.Detail, StringComparison.Ordinal);
        ingestor.OnTrades([new Trade(SourceData.StartMs + 1_000, "BTCUSDT", TakerSide.Buy, 1, 1, TradeId.FromNumber(1))], SourceData.StartMs + 1_000);
        Assert.True((await ingestor.CheckAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task Flush_TradesAcrossMinutes_NumberedBatchesThenMarkersWithCountsAndQuietSymbolClosed()
    {
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        Trade T(long offset, string symbol, double price, long id) => new(t0 + offset, symbol, TakerSide.Buy, price, 1, TradeId.FromNumber(id));

        ingestor.OnTrades([T(1_000, "BTCUSDT", 100, 1), T(2_000, "SOLUSDT", 10, 2)], t0 + 2_000); // minute 0 (joined mid-minute)
        await ingestor.FlushAsync(false, CancellationToken.None);
        ingestor.OnTrades([T(61_000, "BTCUSDT", 101, 3), T(61_000, "BTCUSDT", 101, 3)], t0 + 61_000); // minute 1, duplicate
        await ingestor.FlushAsync(false, CancellationToken.None);
        ingestor.OnTrades([T(62_000, "BTCUSDT", 102, 4)], t0 + 62_000);
        await ingestor.FlushAsync(false, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6)); // SOLUSDT stays quiet longer than QuietClose (5 s)...
        ingestor.OnTrades([T(125_000, "BTCUSDT", 103, 5)], t0 + 125_000); // ...and the exchange clock passes minute 1's end + QuietClose
        await ingestor.FlushAsync(false, CancellationToken.None);
        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Count() >= 4);

        var messages = Decoded();
        var btc1 = messages.OfType<TradeBatch>().Where(b => b.Symbol == "BTCUSDT" && b.MinuteMs == t0 + 60_000).ToList();
        Assert.Equal([1, 2], btc1.Select(b => b.Sequence));
        Assert.Equal(1, ingestor.Duplicates);
        var markers = messages.OfType<MinuteClosed>().ToList();
        var btcMarker = markers.Single(m => m.Symbol == "BTCUSDT" && m.MinuteMs == t0 + 60_000);
        Assert.Equal((2, false, (Candle?)null), (btcMarker.Batches, btcMarker.Gap, btcMarker.Backfill));
        var solMarker = markers.Single(m => m.Symbol == "SOLUSDT" && m.MinuteMs == t0 + 60_000);
        Assert.Equal(0, solMarker.Batches); // quiet symbol still closes
        // minute 0 was joined mid-way and the kline endpoint is unreachable: a marked gap, not a made-up candle
        Assert.All(markers.Where(m => m.MinuteMs == t0), m => Assert.True(m.Gap));
        Assert.All(messages, m => Assert.Equal("run1", m is TradeBatch b ? b.Run : ((MinuteClosed)m).Run));
    }

    [Fact]
    public async Task Flush_LateTradeForAClosedMinute_PublishedAsNextBatchWithCorrectionMarker()
    {
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        Trade T(long offset, long id) => new(t0 + offset, "BTCUSDT", TakerSide.Sell, 5 + id, 1, TradeId.FromNumber(id));
        ingestor.OnTrades([T(1_000, 1)], t0 + 1_000);
        ingestor.OnTrades([T(61_000, 2)], t0 + 61_000); // closes minute 0 (joined mid-way: a gap, no kline here)
        await ingestor.FlushAsync(false, CancellationToken.None);
        ingestor.OnTrades([T(121_000, 3)], t0 + 121_000); // closes minute 1 with one batch
        await ingestor.FlushAsync(false, CancellationToken.None);

        ingestor.OnTrades([T(119_000, 4)], t0 + 121_500); // late for minute 1
        ingestor.OnTrades([T(119_000, 4)], t0 + 121_600); // and again: a duplicate, not a second correction
        ingestor.OnTrades([T(59_000, 5)], t0 + 121_700); // late for minute 0, which was closed as a gap
        await ingestor.FlushAsync(false, CancellationToken.None);
        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Any(m => m.Correction));

        var minute1 = Decoded().Where(m => m is TradeBatch { MinuteMs: var b } && b == t0 + 60_000 || m is MinuteClosed { MinuteMs: var c } && c == t0 + 60_000).ToList();
        Assert.Equal(4, minute1.Count);
        Assert.Equal((1, false), (((MinuteClosed)minute1[1]).Batches, ((MinuteClosed)minute1[1]).Correction));
        var late = Assert.IsType<TradeBatch>(minute1[2]);
        Assert.Equal((2, 1, t0 + 119_000), (late.Sequence, late.Trades.Count, late.Trades[0].TimeMs));
        var correction = Assert.IsType<MinuteClosed>(minute1[3]);
        Assert.Equal((2, true, false), (correction.Batches, correction.Correction, correction.Gap));
        Assert.Equal((1L, 1L, 1L), (ingestor.Corrections, ingestor.Duplicates, ingestor.LateTrades));
    }

    [Fact]
    public async Task Flush_SymbolTradesTwoMinutesBehindTheOther_ItsMinutesCloseOnItsOwnTradesAndNothingIsLate()
    {
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        Trade T(string symbol, long offset, long id) => new(t0 + offset, symbol, TakerSide.Buy, 10, 1, TradeId.FromNumber(id));
        for (var m = 0; m < 5; m++)
        {
            // SOLUSDT at minute m+2 and BTCUSDT at minute m arrive together
            ingestor.OnTrades([T("SOLUSDT", ((m + 2) * 60_000) + 1_000, 100 + m), T("SOLUSDT", ((m + 2) * 60_000) + 40_000, 200 + m)], t0 + ((m + 2) * 60_000) + 40_000);
            ingestor.OnTrades([T("BTCUSDT", (m * 60_000) + 1_000, 300 + m), T("BTCUSDT", (m * 60_000) + 40_000, 400 + m)], t0 + (m * 60_000) + 40_000);
            await ingestor.FlushAsync(false, CancellationToken.None);
        }

        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Count(m => m.Symbol == "BTCUSDT") >= 4);
        var btc = Decoded().OfType<MinuteClosed>().Where(m => m.Symbol == "BTCUSDT").ToList();
        Assert.Equal([t0, t0 + 60_000, t0 + 120_000, t0 + 180_000], btc.Select(m => m.MinuteMs));
        Assert.All(btc.Skip(1), m => Assert.Equal((1, false, false), (m.Batches, m.Gap, m.Correction)));
        Assert.Equal(10, Decoded().OfType<TradeBatch>().Where(b => b.Symbol == "BTCUSDT").Sum(b => b.Trades.Count));
        Assert.Equal((0L, 0L), (ingestor.LateTrades, ingestor.Corrections));
    }

    [Fact]
    public async Task Flush_QuietSymbol_ClosesOnlyOnceQuietCloseHasPassed()
    {
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        ingestor.OnTrades([new Trade(t0 + 1_000, "SOLUSDT", TakerSide.Buy, 10, 1, TradeId.FromNumber(1))], t0 + 1_000);
        ingestor.OnTrades([new Trade(t0 + 50_000, "BTCUSDT", TakerSide.Buy, 10, 1, TradeId.FromNumber(2))], t0 + 50_000);
        ingestor.OnTrades([new Trade(t0 + 61_000, "SOLUSDT", TakerSide.Buy, 10, 1, TradeId.FromNumber(3))], t0 + 61_000);
        _time.Advance(TimeSpan.FromSeconds(4));
        await ingestor.FlushAsync(false, CancellationToken.None);
        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Any(m => m.Symbol == "SOLUSDT"));
        Assert.DoesNotContain(Decoded().OfType<MinuteClosed>(), m => m.Symbol == "BTCUSDT"); // quiet for 15 s of exchange time, 4 s of its own silence

        _time.Advance(TimeSpan.FromSeconds(2));
        await ingestor.FlushAsync(false, CancellationToken.None);
        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Any(m => m.Symbol == "BTCUSDT"));
        Assert.Equal(t0, Decoded().OfType<MinuteClosed>().Single(m => m.Symbol == "BTCUSDT").MinuteMs);
    }

    [Fact]
    public async Task WaitForWorkAsync_MinuteBecomesDue_ReturnsBeforeTheBatchInterval()
    {
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        ingestor.OnTrades([new Trade(t0 + 1_000, "BTCUSDT", TakerSide.Buy, 10, 1, TradeId.FromNumber(1))], t0 + 1_000);
        var waiting = ingestor.WaitForWorkAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // nothing due, and the virtual batch interval has not passed
        ingestor.OnTrades([new Trade(t0 + 60_000, "BTCUSDT", TakerSide.Buy, 10, 1, TradeId.FromNumber(2))], t0 + 60_000);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10)); // virtual time never moved: only the due minute can end the wait
    }

    [Fact]
    public async Task OnTrades_OneTradeDatedADayAhead_RejectedAndNoLaterMinuteClosed()
    {
        // Issue 15: one trade dated ahead moved the Ingestor's minute clock with it, closing every minute in between
        // (525,601 flat candles for a year) and the real minute as a gap. A day ahead keeps the pre-fix failure small.
        var ingestor = await NewAsync();
        var t0 = SourceData.StartMs;
        var real = SourceData.TradesOf("BTCUSDT", SourceData.Candles("BTCUSDT", 1)[0]).ToList();
        var future = real[1] with { TimeMs = real[1].TimeMs + 86_400_000, Id = TradeId.FromNumber(99) };
        var before = Rejections.Total(Rejections.Ingestor);

        ingestor.OnTrades([real[0], future], future.TimeMs); // the stream passes the frame's last trade time as the server's
        await ingestor.FlushAsync(false, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(60));
        ingestor.OnTrades([real[3] with { TimeMs = t0 + 62_000 }], t0 + 62_000);
        await ingestor.FlushAsync(false, CancellationToken.None);
        await Task.Delay(300);

        Assert.True(Rejections.Total(Rejections.Ingestor) >= before + 1);
        var messages = Decoded();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.True((m is TradeBatch b ? b.MinuteMs : ((MinuteClosed)m).MinuteMs) <= t0 + 60_000, "no minute after the clock"));
        Assert.DoesNotContain(messages.OfType<TradeBatch>().SelectMany(b => b.Trades), t => t.TimeMs == future.TimeMs);
    }

    /// <summary>
    /// Issue 11 (found by the soak): a restart on a store holding minutes 0–1 whose feed starts at minute 5 closes
    /// minutes 2–4 too (here from klines: the recent-trades endpoint fails), so nothing is missing; without
    /// <see cref="TradeIngestor.ResumeFrom"/> the first closed minute was 5.
    /// </summary>
    [Fact]
    public async Task ResumeFrom_StoredMinutesBeforeTheFirstPush_TheMinutesBetweenAreClosedFromKlines()
    {
        var t0 = SourceData.StartMs;
        var source = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, t0, 8));
        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript { Klines = source, RecentTrades = false });
        await NewAsync();
        _time.Advance(TimeSpan.FromMinutes(7)); // the pushes below are minutes 5 and 6: not after the clock
        using var http = new HttpClient();
        var ingestor = new TradeIngestor(SourceData.Symbols, _bus, new BybitRestClient(http, bybit.RestUrl),
            new IngestorOptions { BackfillAttempts = 1, BackfillRetryDelay = TimeSpan.Zero }, _time, run: "run2");
        ingestor.ResumeFrom(SourceData.Symbols.ToDictionary(s => s, _ => t0 + (2 * SourceData.MinuteMs)));

        foreach (var minute in new[] { 5, 6 })
        {
            var trades = SourceData.Symbols.SelectMany(s => SourceData.TradesOf(s, source[s][minute])).OrderBy(t => t.TimeMs).ToList();
            ingestor.OnTrades(trades, trades[^1].TimeMs);
            await ingestor.FlushAsync(false, CancellationToken.None);
        }

        await EmbeddedPipelineTests.WaitForAsync(() => Decoded().OfType<MinuteClosed>().Count() >= 8);
        foreach (var symbol in SourceData.Symbols)
        {
            var closed = Decoded().OfType<MinuteClosed>().Where(m => m.Symbol == symbol).OrderBy(m => m.MinuteMs).ToList();
            Assert.Equal([2, 3, 4, 5], closed.Select(m => (int)((m.MinuteMs - t0) / SourceData.MinuteMs)));
            Assert.All(closed, m => Assert.Equal(source[symbol].Single(c => c.OpenTimeMs == m.MinuteMs).Close, m.Backfill!.Value.Close));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        await _bus.DisposeAsync();
        _http.Dispose();
    }
}
