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

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>What the LogicEngine function tests share: a day of real candles, the seeded store, recorders of what the function publishes.</summary>
internal static class LogicEngineRig
{
    /// <summary>The trading configuration both the function and the backtester get in these tests.</summary>
    public const string NoMacro = """--Logic:TradingConfig={"macro":{"enabled":false}}""";

    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    /// <summary>The first day of the bundled real BTCUSDT and SOLUSDT candles.</summary>
    public static IReadOnlyList<SymbolSeries> Day() =>
    [
        .. Symbols.Select(symbol =>
        {
            var all = CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv"));
            return new SymbolSeries(symbol, [.. all.Take(1440)]);
        }),
    ];

    /// <summary>A candles-1m event of <paramref name="candle"/> as the Aggregator publishes it.</summary>
    public static byte[] Event(string symbol, Candle candle, bool forming = false) =>
        RawTickMessageCodec.Encode(new CandleClosed(symbol, candle, CandleClosedSource.Trades, forming)).Data.ToArray();

    /// <summary>Stores the closed candles, as the Aggregator does before it publishes their events.</summary>
    public static async Task SeedAsync(string path, IReadOnlyList<SymbolSeries> series)
    {
        var store = new SqliteCandleStore(new SqliteDatabase(path));
        foreach (var s in series)
        {
            await store.WriteAsync(s.Symbol, s.Candles);
        }
    }

    /// <summary>Records, decoded, what the function publishes on <c>trade-signals-micro</c>.</summary>
    public static Task<ConcurrentQueue<TradeSignalMessage>> ListenSignalsAsync(FunctionRig rig) =>
        ListenAsync(rig, TradeSignalMessageCodec.Topic, "signals-test", m => TradeSignalMessageCodec.Decode(m.Data));

    /// <summary>Records, decoded, what the function publishes on <c>macro-bias-updates</c>.</summary>
    public static Task<ConcurrentQueue<MacroBias>> ListenBiasesAsync(FunctionRig rig) =>
        ListenAsync(rig, BiasMessageCodec.Topic, "biases-test", m => BiasMessageCodec.Decode(m.Data));

    /// <summary>Records what the host forwards to <c>candles-1m-dead-letter</c>.</summary>
    public static Task<ConcurrentQueue<ReceivedBusMessage>> ListenDeadLettersAsync(FunctionRig rig) =>
        ListenAsync(rig, PipelineTopics.Candles + "-dead-letter", "dead-letters-test", m => m);

    /// <summary>Waits up to 10 s for <paramref name="condition"/>.</summary>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the published messages did not arrive within 10 s");
    }

    private static async Task<ConcurrentQueue<T>> ListenAsync<T>(FunctionRig rig, string topic, string subscription, Func<ReceivedBusMessage, T> read)
    {
        var bus = rig.App.Services.GetRequiredService<IMessageBus>();
        var received = new ConcurrentQueue<T>();
        await bus.EnsureTopicAsync(topic, CancellationToken.None);
        await bus.EnsureSubscriptionAsync(new BusSubscription { Name = subscription, Topic = topic, DeadLetterTopic = subscription + "-dead-letter" }, CancellationToken.None);
        var handle = await bus.SubscribeAsync(subscription, (m, _) =>
        {
            received.Enqueue(read(m));
            return Task.CompletedTask;
        }, CancellationToken.None);
        rig.App.Lifetime.ApplicationStopping.Register(() => handle.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return received;
    }
}
