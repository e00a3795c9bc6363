using CryptoSignalTracker.Core.Backtesting;
namespace CryptoSignalTracker.Charts.Tests;

public sealed class EquityChartRendererTests
{
    private static EquityPoint[] Curve()
    {
        // equity after each of 60 trades, one every 6 hours: a drift up with losing streaks
        var start = RealCandles.Ms("2025-06-01T00:00:00Z");
        var equity = 10_000.0;
        return Enumerable.Range(0, 60)
            .Select(i =>
            {
                equity += i % 7 < 4 ? 35 : -52;
                return new EquityPoint(start + i * 6 * 3_600_000L, equity);
            })
            .ToArray();
    }

    [Fact]
    public void RenderEquity_Curve_ReturnsDecodableNonBlankPng()
    {
        var png = new EquityChartRenderer().RenderEquity(Curve());

        Assert.True(Png.HasSignature(png));
        using var bitmap = Png.Decode(png);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(360, bitmap.Height);
        Assert.True(Png.LuminanceVariance(bitmap) > 50);
    }

    [Fact]
    public void RenderDrawdown_Curve_ReturnsDecodableNonBlankPng()
    {
        var png = new EquityChartRenderer(new EquityChartOptions { Width = 800, Height = 300 }).RenderDrawdown(Curve());

        using var bitmap = Png.Decode(png);
        Assert.Equal(800, bitmap.Width);
        Assert.True(Png.LuminanceVariance(bitmap) > 50);
    }

    [Fact]
    public void RenderEquity_SameCurveOnManyThreads_GivesIdenticalBytes()
    {
        var renderer = new EquityChartRenderer();
        var expected = renderer.RenderEquity(Curve());

        var results = new byte[8][];
        Parallel.For(0, results.Length, i => results[i] = i % 2 == 0 ? renderer.RenderEquity(Curve()) : renderer.RenderDrawdown(Curve()));

        for (var i = 0; i < results.Length; i += 2)
        {
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public void RenderEquity_SinglePoint_Renders()
    {
        Assert.True(Png.HasSignature(new EquityChartRenderer().RenderEquity([new EquityPoint(0, 10_000)])));
    }

    [Fact]
    public void RenderEquity_Empty_ThrowsSayingEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EquityChartRenderer().RenderEquity([]));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderEquity_TimeGoesBack_ThrowsNamingBothPoints()
    {
        EquityPoint[] points = [new(120_000, 1), new(60_000, 2)];

        var ex = Assert.Throws<ArgumentException>(() => new EquityChartRenderer().RenderEquity(points));

        Assert.Contains("point 1 at 1970-01-01T00:01:00Z comes after point 0 at 1970-01-01T00:02:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderEquity_NaN_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EquityChartRenderer().RenderEquity([new(0, 1), new(1, double.NaN)]));

        Assert.Contains("point 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDrawdown_NonPositiveEquity_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EquityChartRenderer().RenderDrawdown([new(0, 100), new(1, 0)]));

        Assert.Contains("positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawdown_PeaksAndDips_IsPercentBelowRunningPeak()
    {
        EquityPoint[] points = [new(0, 100), new(1, 110), new(2, 99), new(3, 120), new(4, 90)];

        var drawdown = EquityChartRenderer.Drawdown(points);

        Assert.Equal([0, 0, -10, 0, -25], drawdown.Select(d => Math.Round(d, 9)).ToArray());
    }

    [Fact]
    public void Constructor_EmptyCurrency_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EquityChartRenderer(new EquityChartOptions { Currency = " " }));
    }
}
