using CryptoSignalTracker.Core.Statistics;

namespace CryptoSignalTracker.Core.Tests.Statistics;

public sealed class TradeBootstrapTests
{
    private static readonly double[] Pnls = [12.5, -8.0, 3.1, -4.2, 20.0, -9.9, 1.0, -2.5, 6.6, -7.7, 15.0, -3.3];

    [Fact]
    public void Expectancy_SameTradesAndSeed_SameIntervalAroundTheMean()
    {
        var first = TradeBootstrap.Expectancy(Pnls);
        var second = TradeBootstrap.Expectancy(Pnls);

        Assert.Equal(first, second);
        Assert.Equal(Pnls.Average(), first.Estimate!.Value, 1e-12);
        Assert.True(first.Lower < first.Estimate && first.Estimate < first.Upper, $"{first}");
        Assert.Equal(0.95, first.Confidence);
    }

    [Fact]
    public void Expectancy_OtherSeed_DifferentButCloseInterval()
    {
        var a = TradeBootstrap.Expectancy(Pnls, seed: 1);
        var b = TradeBootstrap.Expectancy(Pnls, seed: 2);

        Assert.NotEqual(a, b);
        Assert.Equal(a.Lower!.Value, b.Lower!.Value, 1.5);
    }

    [Fact]
    public void ProfitFactor_MixedTrades_IntervalAroundGrossRatio()
    {
        var interval = TradeBootstrap.ProfitFactor(Pnls);

        var expected = Pnls.Where(p => p > 0).Sum() / -Pnls.Where(p => p <= 0).Sum();
        Assert.Equal(expected, interval.Estimate!.Value, 1e-12);
        Assert.True(interval.Lower < expected && expected < interval.Upper, $"{interval}");
    }

    [Fact]
    public void ProfitFactor_NoLosingTrade_UndefinedEstimateAndUpperBound()
    {
        var interval = TradeBootstrap.ProfitFactor([1.0, 2.0, 3.0]);

        Assert.Null(interval.Estimate);
        Assert.Null(interval.Upper);
    }

    [Fact]
    public void Expectancy_OneTrade_NoInterval()
    {
        var interval = TradeBootstrap.Expectancy([5.0]);

        Assert.Equal(5.0, interval.Estimate);
        Assert.Null(interval.Lower);
        Assert.Null(interval.Upper);
    }
}
