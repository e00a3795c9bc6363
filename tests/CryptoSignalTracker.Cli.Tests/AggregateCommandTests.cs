using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Cli.Tests;

public sealed class AggregateCommandTests : IDisposable
{
    private const string CaptureHeader = "trade_time_ms,event_time_ms,local_recv_ns,market,symbol,trade_id,price,qty,is_buyer_maker,source_file";

    private static readonly string Capture = Path.Combine(AppContext.BaseDirectory, "data", "sample", "binance_usdm_ETHUSDT_trades_hftbacktest.csv");

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-aggregate-").FullName;

    [Fact]
    public void Run_RealTrades_WritesTheAggregatorsCandlesAndWarnsAboutTheHole()
    {
        var output = Path.Combine(_temp, "out", "candles.csv");

        var (exitCode, stdout, stderr) = ConsoleCapture.Run("aggregate", "--trades", Capture, "--out", output);

        Assert.Equal(0, exitCode);
        var expected = CandleAggregator.Aggregate(TradeCsvReader.ReadFile(Capture).ToArray());
        var lines = File.ReadAllLines(output);
        Assert.Equal(AggregateCommand.Header, lines[0]);
        Assert.Equal(expected.Candles.Select(Row), lines.Skip(1));
        Assert.Contains($"wrote {expected.Candles.Count} 1m candles from 27731 trades to {output}", stdout, StringComparison.Ordinal);

        // the capture has two windows three weeks apart: one hole, reported as one warning line
        var gap = Assert.Single(expected.Gaps);
        Assert.Equal($"cst: warning: {Capture}: {gap}", stderr.TrimEnd('\n', '\r'));
    }

    [Theory]
    [InlineData("1m")]
    [InlineData("5m")]
    public void Run_RealTrades_VolumesPrintAsDecimalSumsWithoutBinaryNoise(string interval)
    {
        // ETHUSDT sizes are multiples of 0.001, so every volume is too: at most 3 decimals (not 289.39399999999995)
        var (exitCode, stdout, _) = ConsoleCapture.Run("aggregate", "--trades", Capture, "--interval", interval);

        Assert.Equal(0, exitCode);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, f =>
        {
            foreach (var volume in new[] { f[5], f[7], f[8] })
            {
                var dot = volume.IndexOf('.', StringComparison.Ordinal);
                Assert.True(dot < 0 || volume.Length - dot - 1 <= 3, $"{f[0]}: volume {volume} has more than 3 decimals");
            }
        });
    }

    [Fact]
    public void Run_NoOut_WritesTheCsvToStdout()
    {
        var (exitCode, stdout, _) = ConsoleCapture.Run("aggregate", "--trades", Capture);

        Assert.Equal(0, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AggregateCommand.Header, lines[0]);
        Assert.StartsWith("2024-07-18T23:57:00Z,3424.98,", lines[1], StringComparison.Ordinal);
        Assert.Equal(CandleAggregator.Aggregate(TradeCsvReader.ReadFile(Capture).ToArray()).Candles.Count, lines.Length - 1);
    }

    [Fact]
    public void Run_Output_ReadsBackAsTheSameCandles()
    {
        var output = Path.Combine(_temp, "candles.csv");
        var expected = CandleAggregator.Aggregate(TradeCsvReader.ReadFile(Capture).ToArray()).Candles;

        Assert.Equal(0, ConsoleCapture.Run("aggregate", "--trades", Capture, "--out", output).ExitCode);

        Assert.Equal(expected, CandleCsvReader.ReadFile(output));
    }

    [Theory]
    [InlineData("5m", 5)]
    [InlineData("1h", 60)]
    public void Run_LongerInterval_WritesAlignedCandles(string interval, int minutes)
    {
        var output = Path.Combine(_temp, $"candles-{interval}.csv");

        var (exitCode, _, _) = ConsoleCapture.Run("aggregate", "--trades", Capture, "--interval", interval, "--out", output);

        Assert.Equal(0, exitCode);
        var candles = CandleCsvReader.ReadFile(output);
        Assert.Equal(CandleAggregator.Aggregate(TradeCsvReader.ReadFile(Capture).ToArray(), new CandleAggregatorOptions { Interval = new Interval(minutes) }).Candles, candles);
        Assert.All(candles, c => Assert.Equal(0, c.OpenTimeMs % (minutes * 60_000L)));
    }

    [Fact]
    public void Run_BadRow_ExitsNonZeroWithOneLineNamingFileLineAndProblem()
    {
        var lines = File.ReadLines(Capture).Take(4).ToList();
        lines[2] = lines[2].Replace(",3424.98,", ",34x4.98,", StringComparison.Ordinal);
        var broken = Path.Combine(_temp, "broken.csv");
        File.WriteAllLines(broken, lines);

        var (exitCode, stdout, stderr) = ConsoleCapture.Run("aggregate", "--trades", broken);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"cst: {broken}:3: price '34x4.98' is not a number", stderr.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void Run_UnsortedRows_ExitsNonZeroWithOneLine()
    {
        var lines = File.ReadLines(Capture).Take(3).ToList();
        var unsorted = Path.Combine(_temp, "unsorted.csv");
        File.WriteAllLines(unsorted, [lines[0], lines[2], lines[1]]);

        var (exitCode, _, stderr) = ConsoleCapture.Run("aggregate", "--trades", unsorted);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cst: {unsorted}:3: time ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OtherSymbolThanTheFile_ExitsNonZeroWithOneLine()
    {
        var (exitCode, _, stderr) = ConsoleCapture.Run("aggregate", "--trades", Capture, "--symbol", "BTCUSDT");

        Assert.Equal(1, exitCode);
        Assert.Equal($"cst: {Capture}:2: symbol ETHUSDT is not the requested BTCUSDT", stderr.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void Run_MissingFile_ExitsNonZeroWithOneLine()
    {
        var missing = Path.Combine(_temp, "nope.csv");

        var (exitCode, _, stderr) = ConsoleCapture.Run("aggregate", "--trades", missing);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"cst: {missing}: file does not exist", line);
    }

    [Theory]
    [InlineData(new[] { "aggregate" }, "--trades FILE is required")]
    [InlineData(new[] { "aggregate", "--trades", "x.csv", "--interval", "7x" }, "--interval: '7x' is not an interval")]
    [InlineData(new[] { "aggregate", "--trades", "x.csv", "--symbol", "btc/usdt" }, "--symbol 'btc/usdt' is not a symbol")]
    public void Run_BadUsage_ExitsTwoWithOneLine(string[] args, string problem)
    {
        var (exitCode, _, stderr) = ConsoleCapture.Run(args);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepeatedTrades_AreCountedOnceWithAWarning()
    {
        var lines = File.ReadLines(Capture).Take(50).ToList();
        var repeated = Path.Combine(_temp, "repeated.csv");
        File.WriteAllLines(repeated, [CaptureHeader, .. lines.Skip(1).SelectMany(l => new[] { l, l })]);
        var output = Path.Combine(_temp, "repeated-candles.csv");

        var (exitCode, _, stderr) = ConsoleCapture.Run("aggregate", "--trades", repeated, "--out", output);

        Assert.Equal(0, exitCode);
        Assert.Contains("49 repeated trade ids were counted once", stderr, StringComparison.Ordinal);
        Assert.Equal(49, CandleCsvReader.ReadFile(output).Sum(c => c.Trades));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Row(Candle c) =>
        string.Join(',', WireNames.Time(c.OpenTimeMs), WireNames.Number(c.Open), WireNames.Number(c.High), WireNames.Number(c.Low), WireNames.Number(c.Close),
            WireNames.Number(c.Volume), c.Trades.ToString(System.Globalization.CultureInfo.InvariantCulture), WireNames.Number(c.BuyVolume), WireNames.Number(c.SellVolume));
}
