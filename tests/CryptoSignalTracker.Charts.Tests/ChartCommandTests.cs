using CryptoSignalTracker.Cli;

namespace CryptoSignalTracker.Charts.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary><c>cst chart</c> run in-process, on the real BTCUSDT month.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ChartCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cst-chart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string SignalsJson = """
        {"signals":[
          {"id":"BTCUSDT-1750715880-v5.2-champion","symbol":"BTCUSDT","time":"2025-06-23T21:58:00Z","side":"LONG","kind":"MICRO","entry":103660.7,"stopLoss":103246.1,"takeProfit":104490,"quantity":0.1,"confidence":80,"reason":"RSI 27 + volume z 3.4","strategy":"v5.2-champion"},
          {"id":"ETHUSDT-1750715880-v5.2-champion","symbol":"ETHUSDT","time":"2025-06-23T21:58:00Z","side":"SHORT","kind":"MICRO","entry":2300,"stopLoss":2310,"takeProfit":2280,"quantity":1,"confidence":80,"reason":"x","strategy":"v5.2-champion"}],
         "trades":[
          {"signalId":"BTCUSDT-1750715880-v5.2-champion","symbol":"BTCUSDT","side":"LONG","kind":"MICRO","entryTime":"2025-06-23T21:59:00Z","entryPrice":103670,"exitTime":"2025-06-23T22:12:00Z","exitPrice":104490,"exitReason":"TP","quantity":0.1,"fees":12.4,"pnl":69.6,"rMultiple":1.9}],
         "metrics":{}}
        """;

    private (int Code, string Stderr) Run(params string[] args)
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var oldError = Console.Error;
        var oldOut = Console.Out;
        Console.SetError(error);
        Console.SetOut(output);
        try
        {
            return (CstApp.Run(args), error.ToString());
        }
        finally
        {
            Console.SetError(oldError);
            Console.SetOut(oldOut);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Window(string outPath, params string[] more) =>
        ["chart", "--candles", RealCandles.BtcPath, "--from", "2025-06-23T21:00:00Z", "--to", "2025-06-23T22:59:00Z", "--out", outPath, .. more];

    [Fact]
    public void Chart_RealWindowWithSignals_WritesThePngTheRendererDraws()
    {
        var outPath = Path.Combine(_dir, "sub", "btc.png");

        var (code, stderr) = Run(Window(outPath, "--signals", Write("run.json", SignalsJson)));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var expected = new CandleChartRenderer().Render(new CandleChartRequest("BTCUSDT", RealCandles.Btc)
        {
            FromMs = RealCandles.Ms("2025-06-23T21:00:00Z"),
            ToMs = RealCandles.Ms("2025-06-23T22:59:00Z"),
            Signals = [new SignalOverlay(RealCandles.Ms("2025-06-23T21:58:00Z"), Core.Domain.Direction.Long, 103660.7, 103246.1, 104490,
                new TradeExitOverlay(RealCandles.Ms("2025-06-23T22:12:00Z"), 104490, Core.Domain.ExitReason.TakeProfit))],
        });
        Assert.Equal(expected, File.ReadAllBytes(outPath));
    }

    [Fact]
    public void Chart_SignalsOfAnotherSymbolOnly_DrawsNoOverlay()
    {
        var json = SignalsJson.Replace("\"symbol\":\"BTCUSDT\"", "\"symbol\":\"SOLUSDT\"", StringComparison.Ordinal);
        var plain = Path.Combine(_dir, "plain.png");
        var other = Path.Combine(_dir, "other.png");

        Assert.Equal(0, Run(Window(plain)).Code);
        Assert.Equal(0, Run(Window(other, "--signals", Write("sol.json", json))).Code);

        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(other));
    }

    [Fact]
    public void Chart_FromAlone_ShowsMinutesFromThere()
    {
        var fromOnly = Path.Combine(_dir, "from.png");
        var both = Path.Combine(_dir, "both.png");

        Assert.Equal(0, Run("chart", "--candles", RealCandles.BtcPath, "--from", "2025-06-23T21:00:00Z", "--minutes", "60", "--out", fromOnly).Code);
        Assert.Equal(0, Run("chart", "--candles", RealCandles.BtcPath, "--from", "2025-06-23T21:00:00Z", "--to", "2025-06-23T21:59:00Z", "--out", both).Code);

        Assert.Equal(File.ReadAllBytes(both), File.ReadAllBytes(fromOnly));
    }

    [Fact]
    public void Chart_WindowWithoutData_ExitsOneWithOneLineNamingTheCoverage()
    {
        var (code, stderr) = Run("chart", "--candles", RealCandles.BtcPath, "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T02:00:00Z",
            "--out", Path.Combine(_dir, "x.png"));

        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("no BTCUSDT candles between 2024-01-01T00:00:00Z and 2024-01-01T02:00:00Z", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
    }

    [Theory]
    [InlineData("{\"signals\":[{\"id\":\"a\"}]}", "signals[0]: \"symbol\" is missing")]
    [InlineData("{\"trades\":[]}", "\"signals\" array")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"signals\":[{\"id\":\"a\",\"symbol\":\"BTCUSDT\",\"time\":\"2025-06-23T21:58:00Z\",\"side\":\"UP\",\"entry\":1,\"stopLoss\":1,\"takeProfit\":1}]}", "signals[0].side")]
    [InlineData("{\"signals\":[{\"id\":\"a\",\"symbol\":\"BTCUSDT\",\"time\":\"soon\",\"side\":\"LONG\",\"entry\":1,\"stopLoss\":1,\"takeProfit\":1}]}", "signals[0].time: 'soon'")]
    [InlineData("{\"signals\":[{\"id\":\"a\",\"symbol\":\"BTCUSDT\",\"time\":\"2025-06-23T21:58:00Z\",\"side\":\"LONG\",\"entry\":-5,\"stopLoss\":1,\"takeProfit\":1}]}", "signals[0].entry: expected a positive number")]
    [InlineData("{\"signals\":[],\"trades\":[{\"signalId\":\"a\",\"symbol\":\"BTCUSDT\",\"exitTime\":\"2025-06-23T22:12:00Z\",\"exitPrice\":1,\"exitReason\":\"WIN\"}]}", "trades[0].exitReason: 'WIN'")]
    public void Chart_BadSignalsFile_ExitsOneNamingTheProblem(string json, string expected)
    {
        var (code, stderr) = Run(Window(Path.Combine(_dir, "x.png"), "--signals", Write("bad.json", json)));

        Assert.Equal(1, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Chart_MissingCandlesFile_ExitsOne()
    {
        var (code, stderr) = Run("chart", "--candles", Path.Combine(_dir, "bybit_linear_BTCUSDT_missing.csv"), "--out", Path.Combine(_dir, "x.png"));

        Assert.Equal(1, code);
        Assert.Contains("bybit_linear_BTCUSDT_missing.csv", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_CandleFileWithBadRow_ExitsOneNamingTheLine()
    {
        var path = Write("bybit_linear_BTCUSDT_bad.csv", "timestamp,open,high,low,close,volume\n2025-05-30 16:39:00+00:00,1,2,0.5,1.5,10\n2025-05-30 16:40:00+00:00,abc,2,0.5,1.5,10\n");

        var (code, stderr) = Run("chart", "--candles", path, "--out", Path.Combine(_dir, "x.png"));

        Assert.Equal(1, code);
        Assert.Contains("bybit_linear_BTCUSDT_bad.csv", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--candles")]
    public void Chart_RequiredOptionMissing_ExitsTwo(string missing)
    {
        string[] args = missing == "--out"
            ? ["chart", "--candles", RealCandles.BtcPath]
            : ["chart", "--out", Path.Combine(_dir, "x.png")];

        var (code, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_TooNarrow_ExitsTwoNamingWidth()
    {
        var (code, stderr) = Run(Window(Path.Combine(_dir, "x.png"), "--width", "320"));

        Assert.Equal(2, code);
        Assert.Contains("width 320 px", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_FileNameWithoutSymbol_AsksForSymbolUnlessGiven()
    {
        var path = Path.Combine(_dir, "candles.csv");
        File.Copy(RealCandles.BtcPath, path);

        var (code, stderr) = Run("chart", "--candles", path, "--out", Path.Combine(_dir, "x.png"));
        Assert.Equal(2, code);
        Assert.Contains("--symbol", stderr, StringComparison.Ordinal);

        Assert.Equal(0, Run("chart", "--candles", path, "--symbol", "btcusdt", "--out", Path.Combine(_dir, "y.png")).Code);
    }
}
