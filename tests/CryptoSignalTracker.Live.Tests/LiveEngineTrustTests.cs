using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// Candles the LogicEngine must refuse (issue 15): one from the future used to move the watermark a year ahead, so every
/// real minute after it was ignored, and was itself decided and alerted.
/// </summary>
public sealed class LiveEngineTrustTests
{
    private const long YearMs = 365L * 86_400_000;

    private static LiveEngineOptions BtcOnly() =>
        new() { Symbols = ["BTCUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };

    [Fact]
    public async Task OnCandleAsync_CandleAYearAhead_UnprocessableWatermarkUnmovedAndRealMinutesStillDecided()
    {
        await using var rig = new LiveRig();
        var real = LiveRig.RealCandles(1)[0].Candles;
        await rig.StoreAsync([new SymbolSeries("BTCUSDT", [.. real.Take(7)])]);
        var engine = rig.Engine(new TradingConfig(), BtcOnly(), new FixedClock(real[6].OpenTimeMs + 60_000));
        foreach (var candle in real.Take(5))
        {
            await engine.OnCandleAsync("BTCUSDT", candle, CancellationToken.None);
        }

        Assert.Equal(real[4].OpenTimeMs, engine.Watermark);
        var future = real[5] with { OpenTimeMs = real[5].OpenTimeMs + YearMs };

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() => engine.OnCandleAsync("BTCUSDT", future, CancellationToken.None));

        Assert.Contains("after the clock", ex.Message, StringComparison.Ordinal);
        Assert.Equal(real[4].OpenTimeMs, engine.Watermark);
        await engine.OnCandleAsync("BTCUSDT", real[5], CancellationToken.None);
        Assert.Equal(real[5].OpenTimeMs, engine.Watermark);
    }

    [Theory]
    [InlineData(9_223_372_036_854_720_000, 100.0, 101.0, 99.0, 100.5, "open time")]
    [InlineData(60_000, 100.0, 101.0, 99.0, 100.5, "open time")]
    [InlineData(0, 1e308, 1e308, 1e308, 1e308, "is not a price")]
    [InlineData(0, 5e-324, 5e-324, 5e-324, 5e-324, "is not a price")]
    [InlineData(0, 102.0, 101.0, 99.0, 100.5, "inconsistent")]
    public async Task OnCandleAsync_AbsurdCandle_UnprocessableAndNothingDecided(long openTimeMs, double open, double high, double low, double close, string expected)
    {
        await using var rig = new LiveRig();
        var real = LiveRig.RealCandles(1)[0].Candles;
        await rig.StoreAsync([new SymbolSeries("BTCUSDT", [.. real.Take(2)])]);
        var engine = rig.Engine(new TradingConfig(), BtcOnly(), new FixedClock(real[1].OpenTimeMs + 60_000));
        await engine.OnCandleAsync("BTCUSDT", real[0], CancellationToken.None);
        var bad = new Candle(openTimeMs == 0 ? real[1].OpenTimeMs : openTimeMs, open, high, low, close, 10);

        var ex = await Assert.ThrowsAsync<UnprocessableMessageException>(() => engine.OnCandleAsync("BTCUSDT", bad, CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(real[0].OpenTimeMs, engine.Watermark);
        Assert.Empty(rig.Published);
    }

    /// <summary>The engine's clock just after the real candles (the data are from 2025; the wall clock is not).</summary>
    private sealed class FixedClock(long nowMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
    }
}
