using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Exchanges.Tests.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.MacroEngine;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MacroFunction = CryptoSignalTracker.Functions.MacroEngine.Function;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

/// <summary>The MacroEngine in role Decide (Kraken decides, for a LogicEngine run with Logic:ResampleMacro=false); the default role: <see cref="MacroCrossCheckTests"/>.</summary>
public sealed class MacroEngineFunctionTests
{
    private const int WarmedUp = 1000; // 5-minute index after which 20 four-hour candles have closed

    [Fact]
    public async Task HandleAsync_LastCandleDoesNotFire_Answers200WithNoSignalPerSymbol()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var sol = KrakenFeed.Of("SOLUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: false), resultKey: "XXBTZUSD");
        sol.Serve(kraken, "SOLUSDT", sol.Find("SOLUSDT", WarmedUp, fires: false));
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT,SOLUSDT");
        await using var listener = await ListenAsync(rig);

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = await OutcomesAsync(response);
        Assert.Equal(
            [("BTCUSDT", "XBTUSDT", MacroCandleFeed.Kraken, SymbolOutcome.NoSignal), ("SOLUSDT", "SOLUSDT", MacroCandleFeed.Kraken, SymbolOutcome.NoSignal)],
            outcomes.Select(o => (o.Symbol, o.Pair, o.Source, o.Status)));
        Assert.Empty(listener.Published);
        Assert.Empty(await rig.App.Services.GetRequiredService<IBiasStore>().ListAsync());
        Assert.Empty(await IntentsAsync(rig));
        Assert.Empty(cc.Requests);
    }

    [Fact]
    public async Task HandleAsync_UnknownAtKrakenAndCryptoCompare_ReportsBothAndRunsTheOthers()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: false));
        await using var rig = await StartAsync(kraken, cc, "ETHUSDT,BTCUSDT");

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = await OutcomesAsync(response);
        Assert.Equal((SymbolOutcome.Failed, null), (outcomes[0].Status, outcomes[0].Source));
        Assert.Contains("ETHUSDT", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Contains("Kraken: Kraken OHLC for pair ETHUSDT answered error: EQuery:Unknown asset pair", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Contains("CryptoCompare: ETH/USDT: CryptoCompare history for ETH/USDT answered error: There is no data for the symbol ETH", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Equal(("BTCUSDT", SymbolOutcome.NoSignal, MacroCandleFeed.Kraken), (outcomes[1].Symbol, outcomes[1].Status, outcomes[1].Source));
    }

    [Fact]
    public async Task HandleAsync_EverySymbolFailsAtBothSources_Answers502AndStillServesTheNextCall()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        kraken.SetBody("XBTUSDT", 240, "{\"error\":[],\"result\":");
        cc.SetBody("histohour", "BTC", "USDT", FakeCryptoCompareServer.ErrorBody("You are over your rate limit please upgrade your account!"), 429);
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT,ETHUSDT");

        using var failed = await rig.Client.PostAsync("/", null);
        var failedOutcomes = await OutcomesAsync(failed);
        var btc = KrakenFeed.Of("BTCUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: false));
        using var next = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.All(failedOutcomes, o => Assert.Equal(SymbolOutcome.Failed, o.Status));
        Assert.Contains("not JSON", failedOutcomes[0].Error, StringComparison.Ordinal);
        Assert.Contains("HTTP 429: You are over your rate limit", failedOutcomes[0].Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(SymbolOutcome.NoSignal, (await OutcomesAsync(next))[0].Status);
    }

    [Fact]
    public async Task HandleAsync_LastCandleFires_RecordsTheIntentOnceAndPublishesOnlyTheBias()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var firing = btc.Find("BTCUSDT", WarmedUp, fires: true);
        btc.Serve(kraken, "XBTUSDT", firing);
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT");
        await using var listener = await ListenAsync(rig);

        using var first = await rig.Client.PostAsync("/", null);
        var firstOutcome = (await OutcomesAsync(first)).Single();
        var intentAfterFirst = Assert.Single(await IntentsAsync(rig));
        using var second = await rig.Client.PostAsync("/", null);
        var secondOutcome = (await OutcomesAsync(second)).Single();
        await WaitForAsync(() => listener.Published.Count >= 2);
        await Task.Delay(300); // anything else published would have arrived by now

        var (h4, m5) = btc.ClosedAt(firing);
        var expected = MacroRunner.Decide("BTCUSDT", h4, m5, new MacroOptions())!;
        var id = $"BTCUSDT-{btc.FiveMinute[firing].OpenTimeMs / 1000}-macro-swing";
        Assert.Equal((HttpStatusCode.OK, SymbolOutcome.Recorded, id, MacroCandleFeed.Kraken), (first.StatusCode, firstOutcome.Status, firstOutcome.SignalId, firstOutcome.Source));
        Assert.Equal((HttpStatusCode.OK, SymbolOutcome.AlreadyRecorded, id), (second.StatusCode, secondOutcome.Status, secondOutcome.SignalId));
        Assert.Equal(intentAfterFirst, Assert.Single(await IntentsAsync(rig)));
        Assert.Equal(id, intentAfterFirst.Key);
        var intent = SwingIntentCodec.Decode(intentAfterFirst.Value);
        Assert.Equal((id, "BTCUSDT", expected), intent);
        Assert.Equal(btc.FiveMinute[firing].Close, intent.Signal.Intent.Entry);
        var bias = await rig.App.Services.GetRequiredService<IBiasStore>().GetAsync("BTCUSDT");
        Assert.Equal(expected.Bias, bias);
        Assert.Equal(2, listener.Published.Count);
        Assert.All(listener.Published, p => Assert.Equal(BiasMessageCodec.Topic, p.Topic));
        Assert.All(listener.Published, p => Assert.Equal(expected.Bias, BiasMessageCodec.Decode(p.Data)));
    }

    [Fact]
    public async Task HandleAsync_ConcurrentRunsOnTheSameCandle_RecordTheIntentExactlyOnce()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: true));
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT");
        await using var listener = await ListenAsync(rig);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rig.Client.PostAsync("/", null)));
        var outcomes = new List<Outcome>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                outcomes.Add((await OutcomesAsync(response)).Single());
            }
        }

        Assert.Single(outcomes, o => o.Status == SymbolOutcome.Recorded);
        Assert.Equal(5, outcomes.Count(o => o.Status == SymbolOutcome.AlreadyRecorded));
        Assert.Single(outcomes.Select(o => o.SignalId).Distinct());
        Assert.Single(await IntentsAsync(rig));
    }

    [Fact]
    public async Task HandleAsync_KrakenUnknownPair_FallsBackToCryptoCompareAndRecordsItsSignal()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var firing = btc.FindCryptoCompare("BTCUSDT", WarmedUp, fires: true);
        btc.ServeCryptoCompare(cc, "BTC", firing);
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT");
        await using var listener = await ListenAsync(rig);

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = (await OutcomesAsync(response)).Single();
        Assert.Equal((SymbolOutcome.Recorded, MacroCandleFeed.CryptoCompare, "BTC/USDT"), (outcome.Status, outcome.Source, outcome.Pair));
        Assert.Contains("EQuery:Unknown asset pair", outcome.KrakenError, StringComparison.Ordinal);
        var (h4, m5) = btc.ClosedAtCryptoCompare(firing);
        var intent = SwingIntentCodec.Decode(Assert.Single(await IntentsAsync(rig)).Value);
        Assert.Equal(MacroRunner.Decide("BTCUSDT", h4, m5, new MacroOptions()), intent.Signal);
        Assert.Equal(btc.FiveMinute[firing].OpenTimeMs, intent.Signal.CandleOpenTimeMs);
        Assert.Equal(btc.FiveMinute[firing].Close, intent.Signal.Intent.Entry);
        Assert.Equal(2, cc.Requests.Count);
    }

    [Fact]
    public async Task HandleAsync_CryptoCompareFallback_BuildsTheSameEpochAlignedCandlesAsKraken()
    {
        var btc = KrakenFeed.Of("BTCUSDT");
        var last = btc.Find("BTCUSDT", WarmedUp, fires: false);
        var (krakenH4, krakenM5) = btc.ClosedAt(last);
        var (ccH4, ccM5) = btc.ClosedAtCryptoCompare(last);

        // the fallback's windows are shorter (2000 minutes, 2000 hours) but end on the same closed candles
        Assert.Equal(400, ccM5.Count);
        Assert.Equal(krakenM5.TakeLast(ccM5.Count), ccM5);
        Assert.Equal(krakenH4[^1].OpenTimeMs, ccH4[^1].OpenTimeMs);
        Assert.All(ccH4, c => Assert.Equal(0, c.OpenTimeMs % (4 * 3_600_000L)));
        Assert.Equal(
            krakenH4.TakeLast(ccH4.Count).Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close)),
            ccH4.Select(c => (c.OpenTimeMs, c.Open, c.High, c.Low, c.Close)));

        // and through the real function: the fallback's last closed 5-minute candle is the one Kraken would give
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        btc.ServeCryptoCompare(cc, "BTC", last);
        kraken.SetBody("XBTUSDT", 240, "<html>Bad Gateway</html>", 502);
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT");
        using var response = await rig.Client.PostAsync("/", null);
        var outcome = (await OutcomesAsync(response)).Single();
        Assert.Equal((SymbolOutcome.NoSignal, MacroCandleFeed.CryptoCompare), (outcome.Status, outcome.Source));
        Assert.Contains("502", outcome.KrakenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_KrakenTimesOut_FallsBackToCryptoCompare()
    {
        await using var kraken = new FakeKrakenServer { Delay = TimeSpan.FromSeconds(3) };
        await using var cc = new FakeCryptoCompareServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var last = btc.FindCryptoCompare("BTCUSDT", WarmedUp, fires: false);
        btc.Serve(kraken, "XBTUSDT", last);
        btc.ServeCryptoCompare(cc, "BTC", last);
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT", "--MacroEngine:RequestTimeout=00:00:00.500");

        using var response = await rig.Client.PostAsync("/", null);

        var outcome = (await OutcomesAsync(response)).Single();
        Assert.Equal((HttpStatusCode.OK, SymbolOutcome.NoSignal, MacroCandleFeed.CryptoCompare), (response.StatusCode, outcome.Status, outcome.Source));
        Assert.Contains("timed out", outcome.KrakenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ApiKeySet_SendsItToCryptoCompareAndNeverAnswersIt()
    {
        const string Key = "cc-test-key-0123456789";
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        await using var rig = await StartAsync(kraken, cc, "BTCUSDT", $"--CRYPTOCOMPARE_API_KEY={Key}");

        using var response = await rig.Client.PostAsync("/", null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.All(cc.Requests, r => Assert.Equal($"Apikey {Key}", r.Authorization));
        Assert.NotEmpty(cc.Requests);
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
    }

    private static Task<FunctionRig> StartAsync(FakeKrakenServer kraken, FakeCryptoCompareServer cc, string symbols, params string[] more) =>
        FunctionRig.StartAsync(typeof(MacroFunction), [$"--SYMBOLS={symbols}", $"--MacroEngine:KrakenUrl={kraken.BaseUrl}", $"--MacroEngine:CryptoCompareUrl={cc.BaseUrl}", "--MacroEngine:Role=Decide", .. more]);

    private static Task<IReadOnlyList<KeyValuePair<string, string>>> IntentsAsync(FunctionRig rig) =>
        rig.App.Services.GetRequiredService<IStateStore>().ListAsync(SwingIntentCodec.Collection);

    /// <summary>Creates both topics (as Terraform does) and records what is published on them.</summary>
    private static async Task<Listener> ListenAsync(FunctionRig rig)
    {
        var bus = rig.App.Services.GetRequiredService<IMessageBus>();
        var published = new ConcurrentQueue<(string Topic, byte[] Data)>();
        var handles = new List<IAsyncDisposable>();
        foreach (var topic in new[] { TradeSignalMessageCodec.Topic, BiasMessageCodec.Topic })
        {
            await bus.EnsureTopicAsync(topic, CancellationToken.None);
            await bus.EnsureSubscriptionAsync(new BusSubscription { Name = topic + "-test", Topic = topic, DeadLetterTopic = topic + "-test-dead-letter" }, CancellationToken.None);
            handles.Add(await bus.SubscribeAsync(topic + "-test", (m, _) =>
            {
                published.Enqueue((topic, m.Data.ToArray()));
                return Task.CompletedTask;
            }, CancellationToken.None));
        }

        return new Listener(published, handles);
    }

    private static async Task<List<Outcome>> OutcomesAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("symbols").EnumerateArray().Select(e => new Outcome(
            e.GetProperty("symbol").GetString()!,
            e.TryGetProperty("pair", out var pair) ? pair.GetString() : null,
            e.TryGetProperty("source", out var source) ? source.GetString() : null,
            e.GetProperty("status").GetString()!,
            e.TryGetProperty("signalId", out var id) ? id.GetString() : null,
            e.TryGetProperty("krakenError", out var krakenError) ? krakenError.GetString() : null,
            e.TryGetProperty("error", out var error) ? error.GetString() : null))];
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the published messages did not arrive within 5 s");
    }

    private sealed record Listener(ConcurrentQueue<(string Topic, byte[] Data)> Published, List<IAsyncDisposable> Handles) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var handle in Handles)
            {
                await handle.DisposeAsync();
            }
        }
    }

    private sealed record Outcome(string Symbol, string? Pair, string? Source, string Status, string? SignalId, string? KrakenError, string? Error);
}
