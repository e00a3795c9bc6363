using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// The minute barrier in virtual time (a <see cref="FakeTimeProvider"/>), on real Bybit BTC and SOL candles: when a
/// minute is released, and how long it waits for a silent symbol (<see cref="LiveEngineOptions.BarrierWait"/>).
/// </summary>
public sealed class MinuteBarrierTests
{
    private static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() => LiveRig.RealCandles(1));
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    /// <summary>BTC from SOL's first minute on (SOL's file starts two minutes later), so that index i is the same minute for both.</summary>
    private static IReadOnlyList<Candle> Btc => [.. Series.Value[0].Candles.SkipWhile(c => c.OpenTimeMs < Sol[0].OpenTimeMs)];

    private static IReadOnlyList<Candle> Sol => Series.Value[1].Candles;

    private static (MinuteBarrier Barrier, FakeTimeProvider Clock) Create(int grace = 2)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Btc[0].OpenTimeMs));
        return (new MinuteBarrier(Symbols, grace, Wait, clock), clock);
    }

    [Fact]
    public void TryNext_EverySymbolOfTheMinuteIn_ReleasesItAtOnceWithBothCandles()
    {
        var (barrier, _) = Create();
        barrier.Add("SOLUSDT", Sol[0]);
        Assert.False(barrier.TryNext(flush: false, out _, out _));

        barrier.Add("BTCUSDT", Btc[0]);

        Assert.True(barrier.TryNext(flush: false, out var minuteMs, out var candles));
        Assert.Equal(Btc[0].OpenTimeMs, minuteMs);
        Assert.Equal(Btc[0], candles["BTCUSDT"]);
        Assert.Equal(Sol[0], candles["SOLUSDT"]);
    }

    [Fact]
    public void TryNext_SilentSymbolOtherAheadByGrace_ReleasedOnlyOnceBarrierWaitHasPassedOnTheClock()
    {
        var (barrier, clock) = Create(grace: 2);
        for (var i = 0; i <= 2; i++)
        {
            barrier.Add("BTCUSDT", Btc[i]);
        }

        Assert.False(barrier.TryNext(flush: false, out _, out _));
        clock.Advance(Wait - TimeSpan.FromTicks(1));
        Assert.False(barrier.TryNext(flush: false, out _, out _));

        clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(barrier.TryNext(flush: false, out var minuteMs, out var candles));
        Assert.Equal(Btc[0].OpenTimeMs, minuteMs);
        Assert.Equal(["BTCUSDT"], candles.Keys);
    }

    [Fact]
    public void TryNext_WaitMeasuredFromTheMinutesFirstCandle_LaterMinuteWaitsItsOwnTime()
    {
        var (barrier, clock) = Create(grace: 1);
        barrier.Add("BTCUSDT", Btc[0]);
        clock.Advance(TimeSpan.FromMinutes(1));
        barrier.Add("BTCUSDT", Btc[1]);
        barrier.Add("BTCUSDT", Btc[2]);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(barrier.TryNext(flush: false, out var first, out _));
        Assert.Equal(Btc[0].OpenTimeMs, first);
        barrier.Remove(first);

        // Minute 1 has waited one minute of the two.
        Assert.False(barrier.TryNext(flush: false, out _, out _));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(barrier.TryNext(flush: false, out var second, out _));
        Assert.Equal(Btc[1].OpenTimeMs, second);
    }

    [Fact]
    public void TryNext_SilentSymbolOtherWithinGrace_HeldHoweverLongTheClockRuns()
    {
        var (barrier, clock) = Create(grace: 2);
        barrier.Add("BTCUSDT", Btc[0]);
        barrier.Add("BTCUSDT", Btc[1]);

        clock.Advance(TimeSpan.FromHours(5));

        Assert.False(barrier.TryNext(flush: false, out _, out _));
    }

    [Fact]
    public void TryNext_SymbolAlreadyPastTheMinute_ReleasedWithoutItAndWithoutWaiting()
    {
        var (barrier, _) = Create();
        barrier.Add("SOLUSDT", Sol[1]);
        barrier.Add("BTCUSDT", Btc[0]);

        Assert.True(barrier.TryNext(flush: false, out var minuteMs, out var candles));
        Assert.Equal(Btc[0].OpenTimeMs, minuteMs);
        Assert.Equal(["BTCUSDT"], candles.Keys);
    }

    [Fact]
    public void TryNext_Flush_ReleasesAnIncompleteMinuteAtOnce()
    {
        var (barrier, _) = Create();
        barrier.Add("BTCUSDT", Btc[0]);

        Assert.False(barrier.TryNext(flush: false, out _, out _));
        Assert.True(barrier.TryNext(flush: true, out var minuteMs, out _));
        Assert.Equal(Btc[0].OpenTimeMs, minuteMs);
    }

    [Fact]
    public void TryNext_Empty_False()
    {
        var (barrier, _) = Create();

        Assert.False(barrier.TryNext(flush: true, out _, out _));
    }

    [Fact]
    public void RemoveThrough_Watermark_ForgetsDecidedMinutesKeepsLaterOnes()
    {
        var (barrier, _) = Create();
        for (var i = 0; i < 4; i++)
        {
            barrier.Add("BTCUSDT", Btc[i]);
        }

        barrier.RemoveThrough(Btc[1].OpenTimeMs);

        Assert.Equal(2, barrier.Count);
        Assert.Null(barrier.FirstWith("BTCUSDT", Btc[1].OpenTimeMs));
        Assert.Equal(Btc[2].OpenTimeMs, barrier.FirstWith("BTCUSDT", Btc[3].OpenTimeMs));
        Assert.Null(barrier.FirstWith("SOLUSDT", Btc[3].OpenTimeMs));
    }

    [Fact]
    public void Add_CorrectionBeforeTheClosedCandleOfItsMinute_CorrectionIsKept()
    {
        var (barrier, _) = Create();
        var flat = Candle.Flat(Btc[1].OpenTimeMs, Btc[0].Close);
        barrier.Add("BTCUSDT", Btc[0]);
        barrier.Add("SOLUSDT", Sol[0]);
        Assert.True(barrier.TryNext(flush: false, out var first, out _));
        barrier.Remove(first);

        barrier.Add("BTCUSDT", Btc[1], correction: true);
        barrier.Add("BTCUSDT", flat);
        barrier.Add("SOLUSDT", Sol[1]);

        Assert.True(barrier.TryNext(flush: false, out _, out var candles));
        Assert.Equal(Btc[1], candles["BTCUSDT"]);
    }

    [Fact]
    public void Add_CorrectionAfterTheClosedCandle_ReplacesIt()
    {
        var (barrier, _) = Create();
        barrier.Add("BTCUSDT", Candle.Flat(Btc[0].OpenTimeMs, Btc[0].Open));
        barrier.Add("BTCUSDT", Btc[0], correction: true);
        barrier.Add("SOLUSDT", Sol[0]);

        Assert.True(barrier.TryNext(flush: false, out _, out var candles));
        Assert.Equal(Btc[0], candles["BTCUSDT"]);
    }

    [Fact]
    public void Add_TwoCorrectionsInReverseOrder_TheFullerOneIsKept()
    {
        var (barrier, _) = Create();
        var full = Btc[0];
        var partial = full with { Volume = full.Volume / 2 }; // these Bybit candles do not count trades: the volume decides
        barrier.Add("BTCUSDT", full, correction: true);
        barrier.Add("BTCUSDT", partial, correction: true);
        barrier.Add("SOLUSDT", Sol[0]);

        Assert.True(barrier.TryNext(flush: false, out _, out var candles));
        Assert.Equal(full, candles["BTCUSDT"]);
    }
}
