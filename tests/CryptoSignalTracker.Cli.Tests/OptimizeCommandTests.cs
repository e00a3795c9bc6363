namespace CryptoSignalTracker.Cli.Tests;

public sealed class OptimizeCommandTests : IDisposable
{
    private static readonly string Btc = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-optimize-").FullName;

    [Fact]
    public void Run_SmallGrid_WritesRankedCsvAndTable()
    {
        var grid = Path.Combine(_temp, "grid.json");
        File.WriteAllText(grid, """{ "overbought": [75], "oversold": [20, 25], "volumeFactor": [1.5], "takeProfitPercent": [1.5], "stopLossPercent": [0.5, 0.7] }""");
        var csv = Path.Combine(_temp, "out.csv");

        var (code, stdout, error) = ConsoleCapture.Run("optimize", "--candles", Btc, "--grid", grid, "--out", csv, "--parallel", "2");

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("rank,overbought,oversold,volume_factor,take_profit_pct,stop_loss_pct,is_trades", lines[0], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        var isPnl = lines.Skip(1).Select(l => double.Parse(l.Split(',')[9], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(isPnl.OrderByDescending(x => x).ToList(), isPnl);
        Assert.Contains("by in-sample net PnL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SmallGrid_PrintsDeflatedSharpeAndPboOfRankOne()
    {
        var grid = Path.Combine(_temp, "grid.json");
        File.WriteAllText(grid, """{ "overbought": [75], "oversold": [20, 25], "volumeFactor": [1.5], "takeProfitPercent": [1.0, 1.5], "stopLossPercent": [0.5, 0.7] }""");

        var (code, stdout, error) = ConsoleCapture.Run("optimize", "--candles", Btc, "--grid", grid, "--parallel", "2");

        Assert.True(code == 0, error);
        Assert.Contains("statistics: 8 trials, 22 daily returns;", stdout, StringComparison.Ordinal);
        Assert.Matches(@"DSR \(true Sharpe > the luck of 8 tries\) [01]\.\d{3}; PBO [01]\.\d{3}", stdout);
        Assert.Matches(@"expectancy per trade -?\d+\.\d\d \[-?\d+\.\d\d, -?\d+\.\d\d\]", stdout);
    }

    [Fact]
    public void Run_GridWithEmptyList_FailsNamingTheKey()
    {
        var grid = Path.Combine(_temp, "grid.json");
        File.WriteAllText(grid, """{ "oversold": [] }""");

        var (code, _, error) = ConsoleCapture.Run("optimize", "--candles", Btc, "--grid", grid);

        Assert.Equal(2, code);
        Assert.Contains("grid key 'oversold' needs at least one value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InSampleShareOutOfRange_Fails()
    {
        var (code, _, error) = ConsoleCapture.Run("optimize", "--candles", Btc, "--in-sample", "1.5");

        Assert.Equal(2, code);
        Assert.Contains("--in-sample", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
