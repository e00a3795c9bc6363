using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Optimization;
using CryptoSignalTracker.Core.Strategy;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Optimization;

public sealed class OptimizerTests
{
    [Fact]
    public void DefaultGrid_IsTheOriginals324Combinations()
    {
        var grid = new ParameterGrid();

        var all = grid.Combinations(new ChampionOptions());

        Assert.Equal(324, grid.Count);
        Assert.Equal(324, all.Distinct().Count());
        Assert.Contains(all, o => o is { Overbought: 75, Oversold: 25, VolumeFactor: 1.5, TakeProfitPercent: 1.5, StopLossPercent: 0.7 });
    }

    [Fact]
    public void Run_RanksInSampleAndReportsAnUntouchedOutOfSample()
    {
        var series = RealData.BtcAndSol.Take(1).ToList();
        var grid = new ParameterGrid { Overbought = [75], Oversold = [20, 25], VolumeFactor = [1.5], TakeProfitPercent = [1.0, 1.5], StopLossPercent = [0.7] };
        var config = new TradingConfig { MacroEnabled = false };

        var rows = Optimizer.Run(series, config, grid, inSampleShare: 0.5);

        Assert.Equal(4, rows.Count);
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Rank));
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.InSample.NetPnl >= p.Second.InSample.NetPnl));

        // the out-of-sample figures are exactly a backtest that trades only after the split
        var best = rows[0];
        var candles = series[0].Candles;
        var split = candles[0].OpenTimeMs + ((candles[^1].OpenTimeMs - candles[0].OpenTimeMs) / 2);
        split -= split % 60_000;
        var direct = Backtester.Run(series, config with { Strategy = new StrategySettings { Defaults = best.Settings } }, new BacktestOptions { FromMs = split });
        Assert.Equal(direct.Metrics.NetPnl, best.OutOfSample.NetPnl);
        Assert.Equal(direct.Metrics.Trades, best.OutOfSample.Trades);
    }
}
