using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Optimization;
using CryptoSignalTracker.Core.Tests.Backtesting;

namespace CryptoSignalTracker.Core.Tests.Optimization;

/// <summary>
/// The grid runs on all cores and replays one recorded macro tape in every combination: its rows must be exactly
/// those of one core computing every backtest on its own, and of plain <see cref="Backtester"/> runs.
/// </summary>
public sealed class GridEvaluatorParallelTests
{
    private static readonly JsonSerializerOptions Exact = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly ParameterGrid Grid = new() { Overbought = [70, 75], Oversold = [20, 25], VolumeFactor = [1.0, 1.5], TakeProfitPercent = [1.0, 1.5], StopLossPercent = [0.5] };

    [Fact]
    public void Run_AllCoresAndOneCore_GiveIdenticalRows()
    {
        var config = new TradingConfig();

        var parallel = Optimizer.Run(RealData.BtcAndSol, config, Grid, maxParallelism: 4);
        var sequential = Optimizer.Run(RealData.BtcAndSol, config, Grid, maxParallelism: 1);

        Assert.Equal(16, parallel.Count);
        Assert.Equal(Rows(sequential), Rows(parallel));
        Assert.Equal(JsonSerializer.Serialize(Optimizer.Statistics(sequential), Exact), JsonSerializer.Serialize(Optimizer.Statistics(parallel), Exact));
    }

    [Fact]
    public void Run_EachRow_EqualsAPlainBacktestOfItsSettings()
    {
        var config = new TradingConfig();
        var rows = Optimizer.Run(RealData.BtcAndSol, config, Grid);

        foreach (var row in rows)
        {
            var settings = GridEvaluator.WithSettings(config, row.Settings);
            var first = RealData.BtcAndSol.Min(s => s.Candles[0].OpenTimeMs);
            var last = RealData.BtcAndSol.Max(s => s.Candles[^1].OpenTimeMs);
            var at = first + (long)((last - first) * 0.7);
            at -= at % 60_000;

            var inSample = Backtester.Run(RealData.BtcAndSol, settings, new BacktestOptions { ToMs = at - 60_000 });
            var outOfSample = Backtester.Run(RealData.BtcAndSol, settings, new BacktestOptions { FromMs = at });

            Assert.Equal(inSample.Trades, row.Trial.InSample.Trades);
            Assert.Equal(outOfSample.Trades, row.Trial.OutOfSample.Trades);
            SameMetrics(inSample.Metrics, row.InSample);
            SameMetrics(outOfSample.Metrics, row.OutOfSample);
            Assert.Equal(MetricsCalculator.DailyReturns(inSample.Trades, config.Risk.InitialEquity, inSample.FirstTimeMs, inSample.LastTimeMs), row.Trial.InSample.DailyReturns);
        }
    }

    private static void SameMetrics(BacktestMetrics expected, BacktestMetrics actual)
    {
        Assert.Equal(expected with { PerSymbol = [] }, actual with { PerSymbol = [] });
        Assert.Equal(expected.PerSymbol, actual.PerSymbol);
    }

    private static List<string> Rows(IReadOnlyList<OptimizationRow> rows) =>
        [.. rows.Select(r => JsonSerializer.Serialize(new { r.Rank, r.Settings, r.InSample, r.OutOfSample, InTrades = r.Trial.InSample.Trades, OutTrades = r.Trial.OutOfSample.Trades, r.Trial.InSample.DailyReturns }, Exact))];
}
