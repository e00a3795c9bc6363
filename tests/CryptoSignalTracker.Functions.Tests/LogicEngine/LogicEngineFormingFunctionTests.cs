using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// The LogicEngine function with forming candles (candles-1m events marked forming) pushed before each minute's closed
/// ones, on a day of real BTC and SOL candles: Logic:EvaluateForming on gives early warnings beside the backtester's
/// signals; off (the default) ignores them.
/// </summary>
public sealed class LogicEngineFormingFunctionTests
{
    private const string NoMacro = """--Logic:TradingConfig={"macro":{"enabled":false}}""";
    private static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    private static IReadOnlyList<SymbolSeries> Day() =>
    [
        .. Symbols.Select(symbol =>
        {
            var all = CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv"));
            return new SymbolSeries(symbol, [.. all.Take(1440)]);
        }),
    ];

    private static byte[] Event(string symbol, Candle candle, bool forming) =>
        RawTickMessageCodec.Encode(new CandleClosed(symbol, candle, CandleClosedSource.Trades, forming)).Data.ToArray();

    private static async Task PushAllAsync(FunctionRig rig, IReadOnlyList<SymbolSeries> series, bool closed)
    {
        for (var i = 0; i < series[0].Candles.Count; i++)
        {
            var forming = await Task.WhenAll(
                rig.PushAsync(Event("BTCUSDT", series[0].Candles[i], forming: true), $"fb{i}"),
                rig.PushAsync(Event("SOLUSDT", series[1].Candles[i], forming: true), $"fs{i}"));
            Assert.All(forming, r => Assert.True(r.IsSuccessStatusCode, $"forming push answered {(int)r.StatusCode}"));
            if (closed)
            {
                var pushes = await Task.WhenAll(
                    rig.PushAsync(Event("SOLUSDT", series[1].Candles[i], forming: false), $"s{i}"),
                    rig.PushAsync(Event("BTCUSDT", series[0].Candles[i], forming: false), $"b{i}"));
                Assert.All(pushes, r => Assert.True(r.IsSuccessStatusCode, $"push answered {(int)r.StatusCode}"));
            }
        }
    }

    [Fact]
    public async Task Push_FormingThenClosedEveryMinuteWithEvaluateForming_EarlyWarningsBesideTheBacktestersSignals()
    {
        var series = Day();
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), seed: path => SeedAsync(path, series), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro, "--Logic:EvaluateForming=true");
        var published = await ListenAsync(rig);

        await PushAllAsync(rig, series, closed: true);

        var expected = Backtester.Run(series, TradingConfigReader.Parse("""{"macro":{"enabled":false}}"""));
        var lastMinute = series[0].Candles[^1].OpenTimeMs;
        var expectedSignals = expected.Signals.Where(s => s.TimeMs < lastMinute).Select(BacktestJson.SignalLine).ToList();
        await WaitForAsync(() => published.Count(m => m.Type == TradeSignalMessageType.Entry && !m.Signal!.Forming) >= expectedSignals.Count);
        await Task.Delay(300);

        Assert.True(expectedSignals.Count >= 3, $"a day of BTC and SOL should give signals; the backtester gave {expectedSignals.Count}");
        var entries = published.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).ToList();
        var closedEntries = entries.Where(s => !s.Forming).OrderBy(s => s.TimeMs).ThenBy(s => s.Symbol, StringComparer.Ordinal);
        Assert.Equal(expectedSignals, closedEntries.Select(BacktestJson.SignalLine));
        var forming = entries.Where(s => s.Forming).ToList();
        Assert.NotEmpty(forming);
        Assert.All(forming, s => Assert.EndsWith("-forming", s.Id, StringComparison.Ordinal));
        var book = rig.App.Services.GetRequiredService<IPositionBook>();
        foreach (var s in forming)
        {
            Assert.Null(await book.GetOpenAsync(s.Id));
            Assert.Null(await book.GetClosedAsync(s.Id));
        }
    }

    [Fact]
    public async Task Push_FormingEventsWithTheOptionOff_AcceptedAndNothingPublished()
    {
        var series = Day();
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), seed: path => SeedAsync(path, series), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var published = await ListenAsync(rig);

        await PushAllAsync(rig, series, closed: false);
        await Task.Delay(500);

        Assert.Empty(published); // decided as closed candles they would have given the day's signals
    }

    private static async Task SeedAsync(string path, IReadOnlyList<SymbolSeries> series)
    {
        // The Aggregator stores each closed candle before it publishes its event.
        var store = new SqliteCandleStore(new SqliteDatabase(path));
        foreach (var s in series)
        {
            await store.WriteAsync(s.Symbol, s.Candles);
        }
    }

    private static async Task<ConcurrentQueue<TradeSignalMessage>> ListenAsync(FunctionRig rig)
    {
        var bus = rig.App.Services.GetRequiredService<IMessageBus>();
        var published = new ConcurrentQueue<TradeSignalMessage>();
        await bus.EnsureTopicAsync(TradeSignalMessageCodec.Topic, CancellationToken.None);
        await bus.EnsureSubscriptionAsync(new BusSubscription { Name = "signals-test", Topic = TradeSignalMessageCodec.Topic, DeadLetterTopic = "signals-test-dead-letter" }, CancellationToken.None);
        var handle = await bus.SubscribeAsync("signals-test", (m, _) =>
        {
            published.Enqueue(TradeSignalMessageCodec.Decode(m.Data));
            return Task.CompletedTask;
        }, CancellationToken.None);
        rig.App.Lifetime.ApplicationStopping.Register(() => handle.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return published;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the published messages did not arrive within 10 s");
    }
}
