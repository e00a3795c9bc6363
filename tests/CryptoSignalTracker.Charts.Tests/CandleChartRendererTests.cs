using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;
using SkiaSharp;

namespace CryptoSignalTracker.Charts.Tests;

public sealed class CandleChartRendererTests
{
    private static readonly SKColor _entryBlue = SKColor.Parse("#2962FF");

    private static CandleChartRequest Rally(params SignalOverlay[] signals) => new("BTCUSDT", RealCandles.Btc)
    {
        FromMs = RealCandles.Ms("2025-06-23T21:00:00Z"),
        ToMs = RealCandles.Ms("2025-06-23T22:59:00Z"),
        Signals = signals,
    };

    [Fact]
    public void Render_RealBtcWindowWithSignal_ReturnsDecodablePngOfDefaultSize()
    {
        var png = new CandleChartRenderer().Render(Rally(RealCandles.RallyLong()));

        Assert.True(Png.HasSignature(png));
        using var bitmap = Png.Decode(png);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(720, bitmap.Height);
    }

    [Fact]
    public void Render_RealBtcWindow_ImageIsNotBlankAndShowsBothCandleColours()
    {
        using var bitmap = Png.Decode(new CandleChartRenderer().Render(Rally()));

        Assert.True(Png.LuminanceVariance(bitmap) > 100, "the chart looks blank");
        Assert.True(Png.Count(bitmap, SKColor.Parse("#089981")) > 500, "no rising (green) candles drawn");
        Assert.True(Png.Count(bitmap, SKColor.Parse("#F23645")) > 500, "no falling (red) candles drawn");
    }

    [Fact]
    public void Render_WithSignal_DrawsEntryLevelAndTagWithout_DoesNot()
    {
        using var plain = Png.Decode(new CandleChartRenderer().Render(Rally()));
        using var withSignal = Png.Decode(new CandleChartRenderer().Render(Rally(RealCandles.RallyLong())));

        Assert.Equal(0, Png.Count(plain, _entryBlue));
        Assert.True(Png.Count(withSignal, _entryBlue) > 300, "entry line / tag missing");
    }

    [Fact]
    public void Render_SignalsAfterTheWindowOrClosedBeforeIt_AreLeftOut()
    {
        var rally = RealCandles.RallyLong();
        var later = rally with { TimeMs = RealCandles.Ms("2025-06-24T03:00:00Z"), Exit = null };
        var closedBefore = rally with
        {
            TimeMs = RealCandles.Ms("2025-06-23T18:00:00Z"),
            Exit = new TradeExitOverlay(RealCandles.Ms("2025-06-23T18:30:00Z"), rally.Entry, ExitReason.Time),
        };

        var withOutside = new CandleChartRenderer().Render(Rally(later, closedBefore));
        var plain = new CandleChartRenderer().Render(Rally());

        Assert.Equal(plain, withOutside);
    }

    [Fact]
    public void Render_PositionOpenedBeforeTheWindowAndStillOpen_IsDrawn()
    {
        var open = RealCandles.RallyLong() with { TimeMs = RealCandles.Ms("2025-06-23T20:00:00Z"), Exit = null };

        using var bitmap = Png.Decode(new CandleChartRenderer().Render(Rally(open)));

        Assert.True(Png.Count(bitmap, _entryBlue) > 300, "levels of the open position missing");
    }

    [Fact]
    public void Render_SameRequestTwice_ReturnsIdenticalBytes()
    {
        var renderer = new CandleChartRenderer();

        var first = renderer.Render(Rally(RealCandles.RallyLong()));
        var second = new CandleChartRenderer().Render(Rally(RealCandles.RallyLong()));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_ManyThreadsAtOnce_EachMatchesItsSerialRender()
    {
        var renderer = new CandleChartRenderer();
        var requests = Enumerable.Range(0, 8)
            .Select(i => Rally(RealCandles.RallyLong()) with
            {
                FromMs = RealCandles.Ms("2025-06-23T21:00:00Z") - i * 3_600_000L,
                ToMs = RealCandles.Ms("2025-06-23T22:59:00Z") - i * 3_600_000L,
            })
            .ToArray();
        var serial = requests.Select(renderer.Render).ToArray();

        var parallel = new byte[requests.Length][];
        Parallel.For(0, requests.Length * 3, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % requests.Length;
            parallel[k] = renderer.Render(requests[k]);
        });

        for (var k = 0; k < requests.Length; k++)
        {
            Assert.Equal(serial[k], parallel[k]);
        }
    }

    [Fact]
    public void Render_DefaultWindow_ShowsTheLastMinutesEndingAtTheLastCandle()
    {
        var lastHours = RealCandles.Btc.TakeLast(300).ToArray();
        var renderer = new CandleChartRenderer(new CandleChartOptions { Minutes = 120 });

        var byDefault = renderer.Render(new CandleChartRequest("BTCUSDT", lastHours));
        var explicitWindow = renderer.Render(new CandleChartRequest("BTCUSDT", lastHours)
        {
            FromMs = lastHours[^120].OpenTimeMs,
            ToMs = lastHours[^1].OpenTimeMs,
        });

        Assert.Equal(explicitWindow, byDefault);
    }

    [Fact]
    public void Render_WiderAndTallerOptions_GiveThatSize()
    {
        var renderer = new CandleChartRenderer(new CandleChartOptions { Width = 1280, Height = 900, Title = "BTC rally" });

        using var bitmap = Png.Decode(renderer.Render(Rally(RealCandles.RallyLong())));

        Assert.Equal(1280, bitmap.Width);
        Assert.Equal(900, bitmap.Height);
    }

    [Fact]
    public void Render_ShortSignalWithLevelsFarOffScale_StillRenders()
    {
        var trigger = RealCandles.At("2025-06-23T22:30:00Z");
        var farShort = new SignalOverlay(trigger.OpenTimeMs, Direction.Short, trigger.Close, trigger.Close * 1.05, trigger.Close * 0.9);

        using var bitmap = Png.Decode(new CandleChartRenderer().Render(Rally(farShort)));

        Assert.True(Png.Count(bitmap, _entryBlue) > 100);
    }

    [Fact]
    public void Render_EmptyCandleList_ThrowsArgumentExceptionSayingEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer().Render(new CandleChartRequest("BTCUSDT", [])));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BTCUSDT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WindowWithoutCandles_ThrowsNamingWindowAndDataCoverage()
    {
        var request = new CandleChartRequest("BTCUSDT", RealCandles.Btc)
        {
            FromMs = RealCandles.Ms("2024-01-01T00:00:00Z"),
            ToMs = RealCandles.Ms("2024-01-01T02:00:00Z"),
        };

        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer().Render(request));

        Assert.Contains("no BTCUSDT candles between 2024-01-01T00:00:00Z and 2024-01-01T02:00:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2025-05-30T16:39:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CandlesOutOfOrder_ThrowsNamingBothTimes()
    {
        var candles = RealCandles.Btc.Take(3).ToList();
        (candles[1], candles[2]) = (candles[2], candles[1]);

        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer().Render(new CandleChartRequest("BTCUSDT", candles)));

        Assert.Contains("2025-05-30T16:40:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2025-05-30T16:41:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WindowStartAfterEnd_Throws()
    {
        var request = Rally() with { FromMs = RealCandles.Ms("2025-06-23T23:00:00Z"), ToMs = RealCandles.Ms("2025-06-23T22:00:00Z") };

        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer().Render(request));

        Assert.Contains("after its end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WholeMonthOf1mCandles_ResampledToDaysWithinTheCap()
    {
        var request = new CandleChartRequest("BTCUSDT", RealCandles.Btc) { FromMs = RealCandles.Btc[0].OpenTimeMs };
        var renderer = new CandleChartRenderer();

        var frame = renderer.Plan(request);

        // 2025-05-30 16:35 to 2025-06-29: 181 four-hour candles, one more than the cap, so daily ones
        Assert.Equal(24 * 60 * 60_000, frame.IntervalMs);
        Assert.Equal(31, frame.Count);
        Assert.Equal("BTCUSDT · 1d", renderer.Title(frame, "BTCUSDT"));
        Assert.True(Png.HasSignature(renderer.Render(request)));
    }

    [Fact]
    public void Render_SignalWithNaNStop_ThrowsNamingTheSignal()
    {
        var broken = RealCandles.RallyLong() with { StopLoss = double.NaN };

        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer().Render(Rally(broken)));

        Assert.Contains("signal at 2025-06-23T21:58:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stop NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SingleCandle_Renders()
    {
        using var bitmap = Png.Decode(new CandleChartRenderer().Render(new CandleChartRequest("BTCUSDT", RealCandles.Btc.Take(1).ToArray())));

        Assert.Equal(640, bitmap.Width);
    }

    [Theory]
    [InlineData(639, 720, "width")]
    [InlineData(640, 100, "height")]
    public void Constructor_SizeOutOfRange_ThrowsNamingTheSide(int width, int height, string side)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer(new CandleChartOptions { Width = width, Height = height }));

        Assert.Contains(side, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_StrategyThresholdsSwapped_ThrowsNamingTheSetting()
    {
        var swapped = new StrategySettings { Defaults = new ChampionOptions { Oversold = 75, Overbought = 25 } };

        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer(new CandleChartOptions { Strategy = swapped }));

        Assert.Contains("Oversold must be below Overbought", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(5001)]
    public void Constructor_CandleCapOutOfRange_Throws(int cap)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CandleChartRenderer(new CandleChartOptions { MaxCandles = cap }));

        Assert.Contains("candle cap", ex.Message, StringComparison.Ordinal);
    }
}
