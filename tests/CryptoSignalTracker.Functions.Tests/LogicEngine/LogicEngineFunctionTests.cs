using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using static CryptoSignalTracker.Functions.Tests.LogicEngine.LogicEngineRig;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// The LogicEngine function over HTTP push deliveries of real candles: the messages it publishes are the backtester's
/// signals and exits on those candles, whatever the deliveries' order within a minute and however often they come.
/// </summary>
public sealed class LogicEngineFunctionTests
{
    [Fact]
    public async Task Push_ADayOfRealCandlesConcurrentAndDuplicated_PublishesExactlyTheBacktestersSignalsAndExits()
    {
        var series = Day();
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), seed: path => SeedAsync(path, series), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var published = await ListenSignalsAsync(rig);

        var minutes = series[0].Candles.Count;
        for (var i = 0; i < minutes; i++)
        {
            // Both symbols of a minute arrive at once, SOL's twice (a redelivery).
            var pushes = await Task.WhenAll(
                rig.PushAsync(Event("SOLUSDT", series[1].Candles[i]), $"s{i}"),
                rig.PushAsync(Event("BTCUSDT", series[0].Candles[i]), $"b{i}"),
                rig.PushAsync(Event("SOLUSDT", series[1].Candles[i]), $"s{i}"));
            Assert.All(pushes, r => Assert.True(r.IsSuccessStatusCode, $"push answered {(int)r.StatusCode}"));
        }

        var expected = Backtester.Run(series, TradingConfigReader.Parse("""{"macro":{"enabled":false}}"""));
        var expectedEntries = expected.Signals.Count;

        // The last minute waits for the next (a live engine cannot know it is the last); the trades closed before it are out.
        var expectedExits = expected.Trades.Count(t => t.Reason != ExitReason.End && t.ExitTimeMs < series[0].Candles[^1].OpenTimeMs);
        await WaitForAsync(() => published.Count(m => m.Type == TradeSignalMessageType.Entry) >= expectedEntries - 1 && published.Count(m => m.Type == TradeSignalMessageType.Exit) >= expectedExits);
        await Task.Delay(300);

        Assert.True(expectedEntries >= 3, $"a day of BTC and SOL should give signals; the backtester gave {expectedEntries}");
        var entries = published.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).OrderBy(s => s.TimeMs).ThenBy(s => s.Symbol, StringComparer.Ordinal).ToList();
        var lastMinute = series[0].Candles[^1].OpenTimeMs;
        Assert.Equal(expected.Signals.Where(s => s.TimeMs < lastMinute).Select(BacktestJson.SignalLine), entries.Select(BacktestJson.SignalLine));
        var exits = published.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!).OrderBy(t => t.ExitTimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Trades.Where(t => t.Reason != ExitReason.End && t.ExitTimeMs < lastMinute).Select(BacktestJson.TradeLine), exits.Select(BacktestJson.TradeLine));

        var book = rig.App.Services.GetRequiredService<IPositionBook>();
        foreach (var signal in entries)
        {
            Assert.True(await book.GetOpenAsync(signal.Id) is not null || await book.GetClosedAsync(signal.Id) is not null, $"{signal.Id} is not in the position book");
        }
    }

    [Fact]
    public async Task Push_CandleOfASymbolNotTraded_DeadLetteredNamingTheSymbolsTraded()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var deadLetters = await ListenDeadLettersAsync(rig);
        var candle = new Candle(1_748_623_140_000, 1, 2, 0.5, 1.5, 10);

        using var response = await rig.PushAsync(Event("XRPUSDT", candle), "1");

        await AssertDeadLetteredAsync(response, deadLetters, "XRPUSDT", "BTCUSDT,SOLUSDT");
    }

    [Theory]
    [InlineData("""{"v":1,"symbol":"BTCUSDT"}""", "openTime")]
    [InlineData("not json", "JSON")]
    public async Task Push_MalformedEvent_DeadLetteredNamingWhatIsWrong(string payload, string named)
    {
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var deadLetters = await ListenDeadLettersAsync(rig);

        using var response = await rig.PushAsync(Encoding.UTF8.GetBytes(payload), "1");

        await AssertDeadLetteredAsync(response, deadLetters, named);
    }

    [Fact]
    public async Task Push_InconsistentCandle_DeadLetteredNamingThePrices()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var deadLetters = await ListenDeadLettersAsync(rig);
        var candle = new Candle(1_748_623_140_000, 100, 99, 98, 101, 10); // close above the high

        using var response = await rig.PushAsync(Event("BTCUSDT", candle), "1");

        await AssertDeadLetteredAsync(response, deadLetters, "inconsistent", "H 99");
    }

    [Fact]
    public async Task Start_BadSymbolsSetting_FailsAtStartUpNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(LogicFunction), "--SYMBOLS=BTCUSDT,not a symbol", NoMacro));

        Assert.Contains("not a symbol", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadTradingConfig_FailsAtStartUpNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(LogicFunction), """--Logic:TradingConfig={"risk":{"nonsense":1}}"""));

        Assert.Contains("Logic:TradingConfig", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("nonsense", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_LeaseHeldByAnotherInstance_Answers503AndDecidesNothingUntilItIsFree()
    {
        var series = Day();
        SqliteWriterLeaseStore? other = null;
        WriterLeaseGrant? held = null;
        await using var rig = await FunctionRig.StartAsync(
            typeof(LogicFunction),
            seed: async path =>
            {
                await SeedAsync(path, series);
                other = new SqliteWriterLeaseStore(new SqliteDatabase(path));
                held = await other.TryAcquireAsync("logic-engine", "other-instance", TimeSpan.FromMinutes(10));
            },
            "--SYMBOLS=BTCUSDT,SOLUSDT",
            NoMacro);
        var state = new SqliteStateStore(new SqliteDatabase(rig.SqlitePath));

        using var refused = await rig.PushAsync(Event("BTCUSDT", series[0].Candles[0]), "b0");
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("held by another instance", body, StringComparison.Ordinal);

        // The other instance shuts down cleanly: the next delivery is decided here.
        await other!.ReleaseAsync(held!);
        for (var i = 0; i < 3; i++)
        {
            foreach (var (s, id) in new[] { (0, "b"), (1, "s") })
            {
                using var accepted = await rig.PushAsync(Event(series[s].Symbol, series[s].Candles[i]), $"{id}{i}");
                Assert.True(accepted.IsSuccessStatusCode, $"push answered {(int)accepted.StatusCode}");
            }
        }

        Assert.Equal(series[0].Candles[2].OpenTimeMs.ToString(System.Globalization.CultureInfo.InvariantCulture), await state.GetAsync(CryptoSignalTracker.Live.LiveEngine.StateCollection, "watermark"));
    }

    /// <summary>The host answers 200 (so Pub/Sub does not retry a message that can never succeed) after forwarding it with its reason.</summary>
    private static async Task AssertDeadLetteredAsync(HttpResponseMessage response, ConcurrentQueue<ReceivedBusMessage> deadLetters, params string[] named)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("dead-lettered to candles-1m-dead-letter", body, StringComparison.Ordinal);
        await WaitForAsync(() => !deadLetters.IsEmpty);
        var reason = Assert.Single(deadLetters).Attributes[DeadLetterAttributes.Reason];
        foreach (var text in named)
        {
            Assert.Contains(text, body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(text, reason, StringComparison.OrdinalIgnoreCase);
        }
    }
}
