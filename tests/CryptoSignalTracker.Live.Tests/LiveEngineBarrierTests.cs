using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// The engine's barrier with a real <see cref="LiveEngineOptions.BarrierWait"/> in virtual time, on real Bybit candles:
/// a minute without SOL is decided only once BTC is the grace ahead and the wait has passed on the engine's clock.
/// </summary>
public sealed class LiveEngineBarrierTests
{
    [Fact]
    public async Task OnCandleAsync_SymbolSilentAndBarrierWaitNotPassed_MinuteHeldUntilTheClockAdvances()
    {
        var series = LiveRig.RealCandles(1);
        var btc = series[0].Candles;
        await using var rig = new LiveRig();
        await rig.StoreAsync([series[0]]); // SOL never arrives, not even in the store
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(btc[0].OpenTimeMs + 60_000));
        var options = new LiveEngineOptions
        {
            Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 2, BarrierWait = TimeSpan.FromMinutes(2),
        };
        var engine = rig.Engine(new TradingConfig(), options, clock);
        for (var i = 0; i <= 2; i++)
        {
            await engine.OnCandleAsync("BTCUSDT", btc[i], default);
        }

        Assert.Null(engine.Watermark);

        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        await engine.OnCandleAsync("BTCUSDT", btc[3], default);
        Assert.Null(engine.Watermark);

        clock.Advance(TimeSpan.FromTicks(1));
        await engine.OnCandleAsync("BTCUSDT", btc[4], default);

        // Minutes 0..2 were buffered at the start and have waited; 3 and 4 are within the grace of the newest candle.
        Assert.Equal(btc[2].OpenTimeMs, engine.Watermark);
        Assert.Equal(btc[2].OpenTimeMs, long.Parse(await rig.State.GetAsync(LiveEngine.StateCollection, "watermark", default) ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    }
}
