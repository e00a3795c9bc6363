using System.Globalization;
using System.Text.Json.Nodes;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary><c>cst walkforward</c> on the real sample month (BTCUSDT, SOLUSDT).</summary>
public sealed class WalkForwardCommandTests : IDisposable
{
    private static readonly string Btc = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
    private static readonly string Sol = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv");

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-walkforward-").FullName;

    [Fact]
    public void Walkforward_EachFold_OutOfSampleIsExactlyCstBacktestFromToWithTheChosenSettings()
    {
        var json = Path.Combine(_temp, "wf.json");

        var (code, stdout, error) = ConsoleCapture.Run("walkforward", "--candles", Btc, Sol, "--grid", Grid(), "--in-sample", "10d", "--out-of-sample", "5d", "--step", "5d", "--json", json, "--parallel", "2");

        Assert.True(code == 0, error);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var folds = root["folds"]!.AsArray();
        Assert.Equal(4, folds.Count); // 30 days: out-of-sample windows start on days 10, 15, 20, 25
        foreach (var fold in folds)
        {
            var chosen = fold!["chosen"]!;
            var config = Path.Combine(_temp, "chosen.json");
            File.WriteAllText(config, new JsonObject { ["strategy"] = chosen.DeepClone() }.ToJsonString());
            var backtest = Path.Combine(_temp, "bt.json");
            var oos = fold["outOfSample"]!;

            var bt = ConsoleCapture.Run("backtest", "--candles", Btc, Sol, "--from", (string)oos["from"]!, "--to", (string)oos["to"]!, "--config", config, "--json", backtest);

            Assert.True(bt.ExitCode == 0, bt.Error);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(backtest))!["metrics"], fold["outOfSampleMetrics"]), $"fold {fold["fold"]}: {fold["outOfSampleMetrics"]!.ToJsonString()}");
        }

        var stitched = root["outOfSample"]!;
        Assert.Equal(folds.Sum(f => (int)f!["outOfSampleMetrics"]!["trades"]!), stitched["trades"]!.AsArray().Count);
        Assert.Equal(folds.Sum(f => (double)f!["outOfSampleMetrics"]!["netPnl"]!), (double)stitched["metrics"]!["netPnl"]!, 6);
        var statistics = root["statistics"]!;
        foreach (var key in new[] { "trials", "observations", "sharpe", "skewness", "kurtosis", "trialSharpeVariance", "expectedMaxSharpe", "probabilisticSharpe", "deflatedSharpe", "pbo" })
        {
            Assert.NotNull(statistics[key]);
        }

        Assert.Equal(4, (int)statistics["trials"]!);
        Assert.Equal(4, root["stability"]!["takeProfitPercent"]!.AsObject().Sum(p => (int)p.Value!));
        Assert.Contains("DSR", stdout, StringComparison.Ordinal);
        Assert.Contains("stitched out-of-sample", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Walkforward_Anchored_EveryInSampleWindowStartsAtTheFirstCandle()
    {
        var json = Path.Combine(_temp, "wf.json");

        var (code, _, error) = ConsoleCapture.Run("walkforward", "--candles", Btc, "--grid", Grid(), "--in-sample", "20d", "--out-of-sample", "5d", "--step", "5d", "--anchored", "--objective", "profitFactor", "--json", json);

        Assert.True(code == 0, error);
        var folds = JsonNode.Parse(File.ReadAllText(json))!["folds"]!.AsArray();
        Assert.Equal(2, folds.Count);
        Assert.All(folds, f => Assert.Equal("2025-05-30T16:39:00Z", (string)f!["inSample"]!["from"]!));
        Assert.Equal("2025-06-19T16:38:00Z", (string)folds[0]!["inSample"]!["to"]!);
        Assert.Equal("2025-06-24T16:38:00Z", (string)folds[1]!["inSample"]!["to"]!);
        Assert.Equal("2025-06-24T16:39:00Z", (string)folds[1]!["outOfSample"]!["from"]!);
    }

    [Fact]
    public void Walkforward_Report_HasStitchedEquityFoldTableAndBothHeatmaps()
    {
        var report = Path.Combine(_temp, "report");

        var (code, _, error) = ConsoleCapture.Run("walkforward", "--candles", Btc, "--grid", Grid(), "--in-sample", "14d", "--out-of-sample", "7d", "--step", "7d", "--heatmap", "takeProfitPercent,oversold", "--report", report);

        Assert.True(code == 0, error);
        var html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("alt=\"stitched out-of-sample equity\" src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Folds</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Heatmap: takeProfitPercent × oversold</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>in-sample</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>out-of-sample</h3>", html, StringComparison.Ordinal);
        Assert.Contains("Deflated Sharpe ratio (DSR)", html, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(report, "equity.png")).Length > 1000);
    }

    [Theory]
    [InlineData("--in-sample", "2w", "--in-sample '2w' is not a length")]
    [InlineData("--objective", "cagr", "--objective 'cagr' is not netPnl, sharpe or profitFactor")]
    [InlineData("--heatmap", "oversold,rsiPeriod", "--heatmap 'oversold,rsiPeriod' must name two different grid parameters")]
    [InlineData("--in-sample", "40d", "is shorter than one in-sample window (40 d)")]
    public void Walkforward_BadOption_FailsNamingIt(string option, string value, string expected)
    {
        var (code, _, error) = ConsoleCapture.Run("walkforward", "--candles", Btc, "--grid", Grid(), option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Grid()
    {
        var grid = Path.Combine(_temp, "grid.json");
        File.WriteAllText(grid, """{ "overbought": [75], "oversold": [20, 25], "volumeFactor": [1.5], "takeProfitPercent": [1.0, 1.5], "stopLossPercent": [0.7] }""");
        return grid;
    }
}
