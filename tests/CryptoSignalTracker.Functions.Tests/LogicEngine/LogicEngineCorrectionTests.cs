using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using static CryptoSignalTracker.Functions.Tests.LogicEngine.LogicEngineRig;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// Correction events (a closed minute rewritten because trades arrived late) through the LogicEngine function, with a
/// day of real candles: a correction of a minute not decided yet is decided like a closed candle; one of a decided minute
/// leaves the decision standing, so no ENTRY or EXIT is ever published twice and the day still gives the backtester's messages.
/// </summary>
public sealed class LogicEngineCorrectionTests
{
    [Fact]
    public async Task Push_CorrectionsBeforeAndAfterTheSignalMinuteIsDecided_BacktestersSignalsOnceEach()
    {
        var series = Day();
        var expected = Backtester.Run(series, TradingConfigReader.Parse("""{"macro":{"enabled":false}}"""));
        var signal = expected.Signals[0];
        var s = Array.IndexOf(LogicEngineRig.Symbols, signal.Symbol);
        var other = 1 - s;
        var at = series[s].Candles.ToList().FindIndex(c => c.OpenTimeMs == signal.TimeMs);
        var wrong = Candle.Flat(signal.TimeMs, series[s].Candles[at - 1].Close); // a different candle for the same minute
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), seed: path => SeedAsync(path, series), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        var published = await ListenSignalsAsync(rig);
        var dead = await ListenDeadLettersAsync(rig);

        for (var i = 0; i < series[0].Candles.Count; i++)
        {
            if (i == at)
            {
                // the signal symbol's candle of the minute arrives only as a correction, before the minute is decided: it is decided on it
                await PushOkAsync(rig, Correction(LogicEngineRig.Symbols[s], series[s].Candles[i]), "corrected");
                await PushOkAsync(rig, Event(LogicEngineRig.Symbols[other], series[other].Candles[i]), "other");
                continue;
            }

            await PushOkAsync(rig, Event("BTCUSDT", series[0].Candles[i]), $"b{i}");
            await PushOkAsync(rig, Event("SOLUSDT", series[1].Candles[i]), $"s{i}");
            if (i == at + 1)
            {
                for (var k = 0; k < 100 && !published.Any(m => m.Signal?.Id == signal.Id); k++)
                {
                    await Task.Delay(100);
                }

                Assert.True(published.Any(m => m.Signal?.Id == signal.Id), $"no {signal.Id} (at {at}); published: {string.Join(", ", published.Select(m => m.Signal?.Id ?? m.Trade?.SignalId))}; dead-lettered: {string.Join(", ", dead.Select(m => string.Join(";", m.Attributes.Select(a => a.Key + "=" + a.Value))))}");
                await PushOkAsync(rig, Correction(LogicEngineRig.Symbols[s], wrong), "after"); // the minute is decided: the decision stands
                await PushOkAsync(rig, Correction(LogicEngineRig.Symbols[s], series[s].Candles[at]), "after-again");
            }
        }

        var lastMinute = series[0].Candles[^1].OpenTimeMs;
        var expectedEntries = expected.Signals.Where(x => x.TimeMs < lastMinute).Select(BacktestJson.SignalLine).ToList();
        await WaitForAsync(() => published.Count(m => m.Type == TradeSignalMessageType.Entry) >= expectedEntries.Count);
        await Task.Delay(300);
        var entries = published.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).ToList();
        Assert.Single(entries, e => e.Id == signal.Id);
        Assert.Equal(expectedEntries, entries.OrderBy(x => x.TimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal).Select(BacktestJson.SignalLine));
        var exits = published.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!).ToList();
        Assert.Equal(exits.Count, exits.Select(t => t.SignalId).Distinct().Count());
        Assert.Empty(dead);
    }

    private static byte[] Correction(string symbol, Candle candle) =>
        RawTickMessageCodec.Encode(new CandleClosed(symbol, candle, CandleClosedSource.Trades, Correction: true)).Data.ToArray();

    private static async Task PushOkAsync(FunctionRig rig, byte[] data, string id)
    {
        using var response = await rig.PushAsync(data, id);
        Assert.True(response.IsSuccessStatusCode, $"push {id} answered {(int)response.StatusCode}");
    }
}
