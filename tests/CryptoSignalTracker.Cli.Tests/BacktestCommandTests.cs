using System.Text.Json;

namespace CryptoSignalTracker.Cli.Tests;

public sealed class BacktestCommandTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private static readonly string Btc = Path.Combine(Sample, "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
    private static readonly string Sol = Path.Combine(Sample, "bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv");
    private const string Week = "2025-06-06T16:39:00Z";

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-backtest-").FullName;

    [Fact]
    public void Run_OutputNotATerminal_SummaryIsOneUnbrokenLine()
    {
        var (code, stdout, error) = ConsoleCapture.Run("backtest", "--candles", Btc, Sol, "--to", Week);

        Assert.True(code == 0, error);
        Assert.True(Console.IsOutputRedirected, "the test host's output is a pipe");
        var summary = Assert.Single(stdout.Split('\n'), l => l.StartsWith("signals ", StringComparison.Ordinal));
        Assert.Matches(@"^signals \d+ \(MICRO \d+, SWING \d+\), skipped \d+; expectancy .+; Sharpe .+; final equity \d+\.\d\d\r?$", summary);
    }

    [Fact]
    public void Run_RealCandles_WritesTheDocumentedJsonAndReport()
    {
        var json = Path.Combine(_temp, "result.json");
        var report = Path.Combine(_temp, "report");

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", Btc, Sol, "--to", Week, "--json", json, "--report", report);

        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var signals = doc.RootElement.GetProperty("signals");
        Assert.True(signals.GetArrayLength() > 0);
        foreach (var name in new[] { "id", "symbol", "time", "side", "entry", "stopLoss", "takeProfit", "quantity", "confidence", "reason" })
        {
            Assert.True(signals[0].TryGetProperty(name, out _), $"signal lacks {name}");
        }

        var trades = doc.RootElement.GetProperty("trades");
        foreach (var name in new[] { "signalId", "symbol", "side", "entryTime", "entryPrice", "exitTime", "exitPrice", "exitReason", "quantity", "fees", "pnl" })
        {
            Assert.True(trades[0].TryGetProperty(name, out _), $"trade lacks {name}");
        }

        Assert.All(trades.EnumerateArray(), t => Assert.Contains(t.GetProperty("exitReason").GetString(), new[] { "TP", "SL", "TIME", "END" }));
        Assert.All(signals.EnumerateArray(), s => Assert.Contains(s.GetProperty("symbol").GetString(), new[] { "BTCUSDT", "SOLUSDT" }));
        Assert.All(signals.EnumerateArray(), s => Assert.True(string.CompareOrdinal(s.GetProperty("time").GetString(), Week) <= 0));
        var metrics = doc.RootElement.GetProperty("metrics");
        foreach (var name in new[] { "trades", "winRate", "profitFactor", "netPnl", "maxDrawdown", "sharpe" })
        {
            Assert.True(metrics.TryGetProperty(name, out _), $"metrics lack {name}");
        }

        var html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(trades.GetArrayLength(), Directory.GetFiles(Path.Combine(report, "trades"), "*.png").Length);
    }

    [Fact]
    public void Run_Twice_GivesByteIdenticalJson()
    {
        var a = Path.Combine(_temp, "a.json");
        var b = Path.Combine(_temp, "b.json");

        Assert.Equal(0, ConsoleCapture.Run("backtest", "--candles", Sol, Btc, "--to", Week, "--json", a).ExitCode);
        Assert.Equal(0, ConsoleCapture.Run("backtest", "--candles", Btc, "--candles", Sol, "--to", Week, "--json", b).ExitCode);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Run_MacroWarmUpOfANewDeployment_GivesTheBiasesTheLiveEngineDecidesWithIt()
    {
        // a live deployment that started at 2025-06-10 01:30 with Kraken's 4-hour history journalled (here: the 60 4-hour
        // candles before its first bucket, resampled from the same real minutes); its first 8 hours of Bybit candles
        var first = new DateTimeOffset(2025, 6, 10, 1, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var files = new List<string>();
        var warmUps = new List<Core.Macro.MacroWarmUp>();
        foreach (var (symbol, path) in new[] { ("BTCUSDT", Btc), ("SOLUSDT", Sol) })
        {
            var all = Core.Data.CandleCsvReader.ReadFile(path);
            var text = new System.Text.StringBuilder();
            Core.Data.CandleCsvWriter.AppendHeader(text);
            foreach (var candle in all.Where(c => c.OpenTimeMs >= first && c.OpenTimeMs < first + (8 * 3_600_000L)))
            {
                Core.Data.CandleCsvWriter.AppendRow(text, candle);
            }

            var file = Path.Combine(_temp, $"bybit_linear_{symbol}_1m_live.csv");
            File.WriteAllText(file, text.ToString());
            files.Add(file);
            var fourHour = Core.Aggregation.CandleResampler.Resample([.. all.Where(c => c.OpenTimeMs < first)], Core.Domain.Interval.OneMinute, new Core.Domain.Interval(240));
            warmUps.Add(Core.Macro.MacroWarmUp.Select(symbol, "kraken", first, fourHour, 60));
        }

        var warmUpFile = Path.Combine(_temp, "warm-up.jsonl");
        File.WriteAllLines(warmUpFile, warmUps.Select(w => w.ToJson()));
        var with = Path.Combine(_temp, "with.json");
        var without = Path.Combine(_temp, "without.json");

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", files[0], files[1], "--macro-warm-up", warmUpFile, "--json", with);
        Assert.True(code == 0, error);
        Assert.Equal(0, ConsoleCapture.Run("backtest", "--candles", files[0], files[1], "--json", without).ExitCode);

        var series = files.Select((f, i) => new Core.Backtesting.SymbolSeries(i == 0 ? "BTCUSDT" : "SOLUSDT", Core.Data.CandleCsvReader.ReadFile(f))).ToList();
        var expected = Core.Backtesting.Backtester.Run(series, new Core.Backtesting.TradingConfig(), new Core.Backtesting.BacktestOptions { MacroWarmUps = warmUps });
        using var withJson = JsonDocument.Parse(File.ReadAllText(with));
        using var withoutJson = JsonDocument.Parse(File.ReadAllText(without));
        Assert.NotEmpty(expected.Biases);
        Assert.Equal(expected.Biases.Select(b => b.Symbol + "@" + Core.Domain.WireNames.Time(b.PublishedAtMs)), withJson.RootElement.GetProperty("biases").EnumerateArray().Select(b => b.GetProperty("symbol").GetString() + "@" + b.GetProperty("publishedAt").GetString()));
        Assert.Equal(0, withoutJson.RootElement.GetProperty("biases").GetArrayLength()); // 8 hours alone cannot warm the 4-hour EMA(20)
    }

    [Theory]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"source\":\"kraken\",\"firstMinuteMs\":1749519000000,\"fourHour\":[[1749513600000,1,2,0.5]]}", "record 1", "4 fields, not 6")]
    [InlineData("not json", "record 1", "is not a macro warm-up")]
    public void Run_MacroWarmUpFileMalformed_FailsNamingTheRecordAndWhatIsWrong(string content, string record, string problem)
    {
        var file = Path.Combine(_temp, "warm-up.jsonl");
        File.WriteAllText(file, content);

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", Btc, "--to", Week, "--macro-warm-up", file);

        Assert.Equal(2, code);
        Assert.Contains("--macro-warm-up", error, StringComparison.Ordinal);
        Assert.Contains(record, error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SymbolsDoNotMatchFiles_FailsWithOneLine()
    {
        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", Btc, Sol, "--symbols", "BTCUSDT");

        Assert.Equal(2, code);
        Assert.Equal("cst: --symbols names 1 symbol(s) for 2 --candles file(s); give one per file, in file order", error.Trim());
    }

    [Fact]
    public void Run_FileNameWithoutSymbol_AsksForSymbols()
    {
        var file = Path.Combine(_temp, "candles.csv");
        File.Copy(Btc, file);

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", file);

        Assert.Equal(2, code);
        Assert.Contains("cannot tell the symbol from the file name; pass --symbols", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BrokenCandleFile_NamesFileAndLine()
    {
        var file = Path.Combine(_temp, "bybit_linear_ETHUSDT_1m.csv");
        File.WriteAllLines(file, ["timestamp,open,high,low,close,volume", "2025-05-30 16:39:00+00:00,1,2,0.5,1.5,10", "2025-05-30 16:40:00+00:00,1,2,0.5,abc,10"]);

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", file);

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file + ":3", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownConfigKey_NamesIt()
    {
        var config = Path.Combine(_temp, "config.json");
        File.WriteAllText(config, """{ "strategy": { "oversold": 20, "overbougth": 80 } }""");

        var (code, _, error) = ConsoleCapture.Run("backtest", "--candles", Btc, "--config", config);

        Assert.Equal(2, code);
        Assert.Contains("overbougth", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ConfigOverridesPerSymbol_ChangesOnlyThatSymbol()
    {
        var config = Path.Combine(_temp, "config.json");
        File.WriteAllText(config, """{ "strategy": { "symbols": { "SOLUSDT": { "volumeFactor": 1000 } } }, "macro": { "enabled": false } }""");
        var json = Path.Combine(_temp, "r.json");

        Assert.Equal(0, ConsoleCapture.Run("backtest", "--candles", Btc, Sol, "--to", Week, "--config", config, "--json", json).ExitCode);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var symbols = doc.RootElement.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()).Distinct().ToList();
        Assert.Equal(["BTCUSDT"], symbols);
        Assert.All(doc.RootElement.GetProperty("signals").EnumerateArray(), s => Assert.Equal("MICRO", s.GetProperty("kind").GetString()));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
