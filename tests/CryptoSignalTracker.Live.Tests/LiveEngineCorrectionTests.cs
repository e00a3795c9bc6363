using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Corrections of a minute not decided yet, routed as the LogicEngine function and <c>cst run</c> route them
/// (<see cref="CandleEventRouter"/>), on real Bybit BTC and SOL candles: the corrected candle decides the minute whichever
/// of its two events (the closed candle, the correction) arrives first.
/// </summary>
public sealed class LiveEngineCorrectionTests
{
    private static readonly TradingConfig Config = new();
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(3));

    private static LiveEngineOptions Options => new() { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Route_CorrectionAndAFlatClosedCandleOfASignalMinute_TheCorrectedCandleDecidesInEitherOrder(bool correctionFirst)
    {
        var expected = Backtester.Run(Series.Value, Config);
        var signal = expected.Signals.First(s => s.Symbol == "BTCUSDT" && s.Kind == SignalKind.Micro);
        await using var rig = new LiveRig();
        await rig.StoreAsync(Series.Value); // the store holds the corrected candle, as the Aggregator writes it before the event
        var engine = rig.Engine(Config, Options);
        var log = NullLogger.Instance;

        foreach (var (symbol, candle) in LiveRig.Timeline(Series.Value))
        {
            if (symbol != "BTCUSDT" || candle.OpenTimeMs != signal.TimeMs)
            {
                await CandleEventRouter.RouteAsync(engine, symbol, candle, forming: false, correction: false, log, default);
                continue;
            }

            // The minute first closed as a quiet (flat) minute; the late trades arrived as its correction.
            var flat = Candle.Flat(candle.OpenTimeMs, candle.Open);
            var events = correctionFirst ? new[] { (candle, true), (flat, false) } : [(flat, false), (candle, true)];
            foreach (var (c, correction) in events)
            {
                await CandleEventRouter.RouteAsync(engine, symbol, c, forming: false, correction, log, default);
            }
        }

        await engine.FinishAsync(default);
        Assert.Contains(rig.Signals, s => s.Id == signal.Id);
        Assert.Equal(expected.Signals, rig.Signals);
        Assert.Equal(expected.Trades, rig.Exits);
    }
}
