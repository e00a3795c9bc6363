using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

public sealed class MetricsCalculatorTests
{
    private const long Day = 86_400_000;
    private const long T0 = 1_748_563_200_000; // 2025-05-30T00:00:00Z

    private static ClosedTrade Trade(string symbol, double pnl, double risk, long exitDay) =>
        new("x", symbol, Direction.Long, SignalKind.Micro, T0, 100, T0 + (exitDay * Day) + 3_600_000, 101, ExitReason.TakeProfit, 1, 0.1, pnl, risk);

    [Fact]
    public void Compute_HandBuiltTrades_MatchesHandComputedFigures()
    {
        // equity 1000 → +100 (day 0) → −50 (day 1) → +30 (day 2) → −20 (day 2)
        var trades = new[] { Trade("A", 100, 50, 0), Trade("B", -50, 50, 1), Trade("A", 30, 10, 2), Trade("B", -20, 20, 2) };

        var m = MetricsCalculator.Compute(trades, 1000, T0, T0 + (2 * Day), exposure: 0.25);

        Assert.Equal(4, m.Trades);
        Assert.Equal(0.5, m.WinRate);
        Assert.Equal((2 - 1 + 3 - 1) / 4.0, m.AverageR, 12);
        Assert.Equal(130.0 / 70.0, m.ProfitFactor!.Value, 12);
        Assert.Equal(60, m.NetPnl, 12);
        Assert.Equal(15, m.Expectancy, 12);
        Assert.Equal(0.4, m.Fees, 12);
        Assert.Equal(50, m.MaxDrawdownAmount, 12); // peak 1100 → 1050
        Assert.Equal(50.0 / 1100, m.MaxDrawdown, 12);
        Assert.Equal(1060, m.FinalEquity, 12);

        // daily returns: +100/1000, −50/1100, +10/1050
        double[] r = [0.1, -50.0 / 1100, 10.0 / 1050];
        var mean = r.Average();
        var sd = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / 2);
        Assert.Equal(mean / sd * Math.Sqrt(365), m.Sharpe, 10);
        Assert.Equal(mean / Math.Sqrt((50.0 / 1100) * (50.0 / 1100) / 3) * Math.Sqrt(365), m.Sortino!.Value, 10);

        Assert.Collection(
            m.PerSymbol,
            a => Assert.Equal(("A", 2, 130.0), (a.Symbol, a.Trades, a.NetPnl)),
            b => Assert.Equal(("B", 2, -70.0), (b.Symbol, b.Trades, b.NetPnl)));
        Assert.Null(m.PerSymbol[0].ProfitFactor); // no losing trade on A
    }

    [Fact]
    public void Compute_NoTrades_GivesZerosNotNaN()
    {
        var m = MetricsCalculator.Compute([], 1000, T0, T0 + Day, 0);

        Assert.Equal(0, m.Trades);
        Assert.Equal(0, m.WinRate);
        Assert.Null(m.ProfitFactor);
        Assert.Equal(0, m.Sharpe);
        Assert.Equal(1000, m.FinalEquity);
    }
}
