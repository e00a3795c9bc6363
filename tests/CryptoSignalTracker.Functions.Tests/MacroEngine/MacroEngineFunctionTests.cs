using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.MacroEngine;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MacroFunction = CryptoSignalTracker.Functions.MacroEngine.Function;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

public sealed class MacroEngineFunctionTests
{
    private const int WarmedUp = 1000; // 5-minute index after which 20 four-hour candles have closed

    [Fact]
    public async Task HandleAsync_LastCandleDoesNotFire_Answers200WithNoSignalPerSymbol()
    {
        await using var kraken = new FakeKrakenServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var sol = KrakenFeed.Of("SOLUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: false), resultKey: "XXBTZUSD");
        sol.Serve(kraken, "SOLUSDT", sol.Find("SOLUSDT", WarmedUp, fires: false));
        await using var rig = await StartAsync(kraken, "BTCUSDT,SOLUSDT");
        await using var listener = await ListenAsync(rig);
        var published = listener.Published;

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = await OutcomesAsync(response);
        Assert.Equal([("BTCUSDT", "XBTUSDT", SymbolOutcome.NoSignal), ("SOLUSDT", "SOLUSDT", SymbolOutcome.NoSignal)], outcomes.Select(o => (o.Symbol, o.Pair, o.Status)));
        Assert.Empty(published);
        Assert.Empty(await rig.App.Services.GetRequiredService<IBiasStore>().ListAsync());
    }

    [Fact]
    public async Task HandleAsync_KrakenErrorForOneSymbol_ReportsItAndRunsTheOthers()
    {
        await using var kraken = new FakeKrakenServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        btc.Serve(kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: false));
        await using var rig = await StartAsync(kraken, "ETHUSDT,BTCUSDT");

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = await OutcomesAsync(response);
        Assert.Equal(SymbolOutcome.Failed, outcomes[0].Status);
        Assert.Contains("ETHUSDT", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Contains("EQuery:Unknown asset pair", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Equal(("BTCUSDT", SymbolOutcome.NoSignal), (outcomes[1].Symbol, outcomes[1].Status));
    }

    [Fact]
    public async Task HandleAsync_EverySymbolFails_Answers502()
    {
        await using var kraken = new FakeKrakenServer();
        kraken.SetBody("XBTUSDT", 240, "{\"error\":[],\"result\":");
        await using var rig = await StartAsync(kraken, "BTCUSDT,ETHUSDT");

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var outcomes = await OutcomesAsync(response);
        Assert.All(outcomes, o => Assert.Equal(SymbolOutcome.Failed, o.Status));
        Assert.Contains("not JSON", outcomes[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_LastCandleFires_PublishesBiasAndEntryOnceAcrossRetries()
    {
        await using var kraken = new FakeKrakenServer();
        var btc = KrakenFeed.Of("BTCUSDT");
        var firing = btc.Find("BTCUSDT", WarmedUp, fires: true);
        btc.Serve(kraken, "XBTUSDT", firing);
        await using var rig = await StartAsync(kraken, "BTCUSDT");
        await using var listener = await ListenAsync(rig);
        var published = listener.Published;

        using var first = await rig.Client.PostAsync("/", null);
        var firstOutcome = (await OutcomesAsync(first)).Single();
        await WaitForAsync(() => published.Count >= 2);
        using var second = await rig.Client.PostAsync("/", null);
        var secondOutcome = (await OutcomesAsync(second)).Single();
        await Task.Delay(300); // anything the second run published would have arrived by now

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(SymbolOutcome.Published, firstOutcome.Status);
        Assert.Equal($"BTCUSDT-{btc.FiveMinute[firing].OpenTimeMs / 1000}-macro-swing", firstOutcome.SignalId);
        Assert.Equal((HttpStatusCode.OK, SymbolOutcome.AlreadyPublished, firstOutcome.SignalId), (second.StatusCode, secondOutcome.Status, secondOutcome.SignalId));
        Assert.Equal(2, published.Count);
        var entry = TradeSignalMessageCodec.Decode(published.Single(p => p.Topic == TradeSignalMessageCodec.Topic).Data);
        Assert.Equal(firstOutcome.SignalId, entry.Signal!.Id);
        Assert.Equal(btc.FiveMinute[firing].Close, entry.Signal.Entry);
        var bias = await rig.App.Services.GetRequiredService<IBiasStore>().GetAsync("BTCUSDT");
        Assert.NotNull(bias);
        Assert.Equal(entry.Bias, bias);
        using var biasJson = JsonDocument.Parse(published.Single(p => p.Topic == BiasMessageCodec.Topic).Data);
        Assert.Equal("BTCUSDT", biasJson.RootElement.GetProperty("symbol").GetString());
        Assert.Equal(bias.Confidence, biasJson.RootElement.GetProperty("confidence").GetDouble());
    }

    private static Task<FunctionRig> StartAsync(FakeKrakenServer kraken, string symbols) =>
        FunctionRig.StartAsync(typeof(MacroFunction), $"--SYMBOLS={symbols}", $"--MacroEngine:KrakenUrl={kraken.BaseUrl}");

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
            e.GetProperty("pair").GetString()!,
            e.GetProperty("status").GetString()!,
            e.TryGetProperty("signalId", out var id) ? id.GetString() : null,
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

    private sealed record Outcome(string Symbol, string Pair, string Status, string? SignalId, string? Error);
}
