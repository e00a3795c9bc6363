using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using static CryptoSignalTracker.Functions.Tests.LogicEngine.LogicEngineRig;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// The LogicEngine function with forming candles (candles-1m events marked forming) pushed before each minute's closed
/// ones, on a day of real BTC and SOL candles: Logic:EvaluateForming on gives early warnings beside the backtester's
/// signals; off (the default) ignores them.
/// </summary>
public sealed class LogicEngineFormingFunctionTests
{
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
        var published = await ListenSignalsAsync(rig);

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
        var published = await ListenSignalsAsync(rig);

        await PushAllAsync(rig, series, closed: false);
        await Task.Delay(500);

        Assert.Empty(published); // decided as closed candles they would have given the day's signals
    }
}
