using System.Globalization;
using System.Net;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Tests.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.MacroEngine;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.DependencyInjection;
using MacroFunction = CryptoSignalTracker.Functions.MacroEngine.Function;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

/// <summary>
/// The MacroEngine's default role (issue 12): the LogicEngine decides the macro on the Bybit candles, so a scheduled run
/// only republishes the stored bias and cross-checks the LogicEngine's decision against the same rules on Kraken's
/// candles; it never writes a bias or a swing intent, and Kraken being down changes nothing but the check.
/// </summary>
public sealed class MacroCrossCheckTests
{
    private const int WarmedUp = 1000;
    private const long MinuteMs = 60_000;

    /// <summary>The firing 5-minute candle served as Kraken's last closed one, and the rules' decision on it.</summary>
    private static (int Index, MacroSignal Signal) Firing()
    {
        var btc = KrakenFeed.Of("BTCUSDT");
        var firing = btc.Find("BTCUSDT", WarmedUp, fires: true);
        var (h4, m5) = btc.ClosedAt(firing);
        return (firing, MacroRunner.Decide("BTCUSDT", h4, m5, new MacroOptions())!);
    }

    private static async Task<FunctionRig> StartAsync(FakeKrakenServer kraken, FakeCryptoCompareServer cc) =>
        await FunctionRig.StartAsync(typeof(MacroFunction), ["--SYMBOLS=BTCUSDT", $"--MacroEngine:KrakenUrl={kraken.BaseUrl}", $"--MacroEngine:CryptoCompareUrl={cc.BaseUrl}"]);

    /// <summary>What the LogicEngine leaves behind: its bias for the symbol and its watermark (the last decided minute).</summary>
    private static async Task SeedLogicEngineAsync(FunctionRig rig, MacroBias? bias, long watermarkMs)
    {
        if (bias is not null)
        {
            await rig.App.Services.GetRequiredService<IBiasStore>().PutAsync(bias);
        }

        await rig.App.Services.GetRequiredService<IStateStore>().PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, watermarkMs.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<List<MacroBias>> ListenAsync(FunctionRig rig)
    {
        var bus = rig.App.Services.GetRequiredService<IMessageBus>();
        var received = new List<MacroBias>();
        await bus.EnsureTopicAsync(BiasMessageCodec.Topic, CancellationToken.None);
        await bus.EnsureSubscriptionAsync(new BusSubscription { Name = "bias-test", Topic = BiasMessageCodec.Topic, DeadLetterTopic = "bias-test-dead-letter" }, CancellationToken.None);
        var handle = await bus.SubscribeAsync("bias-test", (m, _) =>
        {
            lock (received)
            {
                received.Add(BiasMessageCodec.Decode(m.Data));
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        rig.App.Lifetime.ApplicationStopping.Register(() => handle.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return received;
    }

    private static async Task<JsonElement> OutcomeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("symbols")[0].Clone();
    }

    private static async Task<List<MacroBias>> SettledAsync(List<MacroBias> received, int count)
    {
        for (var i = 0; i < 100 && received.Count < count; i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300); // anything else published would have arrived by now
        lock (received)
        {
            return [.. received];
        }
    }

    [Fact]
    public async Task HandleAsync_LogicEngineDecidedTheSameSide_AgreesRepublishesItsBiasAndWritesNothing()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var (firing, kraken5m) = Firing();
        KrakenFeed.Of("BTCUSDT").Serve(kraken, "XBTUSDT", firing);
        await using var rig = await StartAsync(kraken, cc);
        var received = await ListenAsync(rig);

        // The LogicEngine's bias on Bybit's candle of the same slot: same side, its own confidence.
        var ours = kraken5m.Bias with { Confidence = 61.5 };
        await SeedLogicEngineAsync(rig, ours, ours.PublishedAtMs - MinuteMs);

        using var response = await rig.Client.PostAsync("/", null);

        var outcome = await OutcomeAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SymbolOutcome.Agrees, outcome.GetProperty("status").GetString());
        Assert.Equal(SwingIntentCodec.KeyFor("BTCUSDT", kraken5m.CandleOpenTimeMs), outcome.GetProperty("signalId").GetString());
        Assert.Equal([ours], await SettledAsync(received, 1));
        Assert.Equal(ours, await rig.App.Services.GetRequiredService<IBiasStore>().GetAsync("BTCUSDT"));
        Assert.Empty(await rig.App.Services.GetRequiredService<IStateStore>().ListAsync(SwingIntentCodec.Collection));
    }

    [Theory]
    [InlineData(0, SymbolOutcome.Differs)] // the LogicEngine decided the slot and did not fire
    [InlineData(-5, SymbolOutcome.NotDecidedYet)] // the LogicEngine is still before the slot's close
    public async Task HandleAsync_KrakenFiresTheLogicEngineHasNoBiasForTheSlot_ReportsItAndWritesNothing(int watermarkMinutes, string status)
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        var (firing, kraken5m) = Firing();
        KrakenFeed.Of("BTCUSDT").Serve(kraken, "XBTUSDT", firing);
        await using var rig = await StartAsync(kraken, cc);
        var received = await ListenAsync(rig);
        await SeedLogicEngineAsync(rig, null, kraken5m.Bias.PublishedAtMs - MinuteMs + (watermarkMinutes * MinuteMs));

        using var response = await rig.Client.PostAsync("/", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, (await OutcomeAsync(response)).GetProperty("status").GetString());
        Assert.Empty(await SettledAsync(received, 0));
        Assert.Null(await rig.App.Services.GetRequiredService<IBiasStore>().GetAsync("BTCUSDT"));
        Assert.Empty(await rig.App.Services.GetRequiredService<IStateStore>().ListAsync(SwingIntentCodec.Collection));
    }

    [Fact]
    public async Task HandleAsync_KrakenAndCryptoCompareDown_StillRepublishesTheStoredBiasAndReportsBothErrors()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cc = new FakeCryptoCompareServer();
        kraken.SetBody("XBTUSDT", 240, "{\"error\":[],\"result\":");
        cc.SetBody("histohour", "BTC", "USDT", FakeCryptoCompareServer.ErrorBody("You are over your rate limit please upgrade your account!"), 429);
        await using var rig = await StartAsync(kraken, cc);
        var received = await ListenAsync(rig);
        var ours = Firing().Signal.Bias;
        await SeedLogicEngineAsync(rig, ours, ours.PublishedAtMs - MinuteMs);

        using var response = await rig.Client.PostAsync("/", null);

        var outcome = await OutcomeAsync(response);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(SymbolOutcome.Failed, outcome.GetProperty("status").GetString());
        Assert.Contains("not JSON", outcome.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 429", outcome.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal([ours], await SettledAsync(received, 1));
        Assert.Equal(ours, await rig.App.Services.GetRequiredService<IBiasStore>().GetAsync("BTCUSDT"));
    }
}
