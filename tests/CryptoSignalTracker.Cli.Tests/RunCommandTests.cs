using System.Text.Json;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary><c>cst run</c> replays: the one-process pipeline decides real data exactly as <c>cst backtest</c> does.</summary>
public sealed class RunCommandTests : IDisposable
{
    private const int Days = 10;
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-run-").FullName;

    /// <summary>The first <see cref="Days"/> days of a real candle file, under the same name (the symbol comes from it).</summary>
    private string Cut(string symbol)
    {
        var name = $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv";
        var lines = File.ReadLines(Path.Combine(Sample, name)).Take(1 + (Days * 1440)).ToList();
        var path = Path.Combine(_temp, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Each object as compact JSON (the report is indented, the lines are not; the values are compared as written).</summary>
    private static List<string> Normalised(IEnumerable<JsonElement> objects) => [.. objects.Select(o => JsonSerializer.Serialize(o))];

    private static List<string> Lines(string path) =>
        Normalised(File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement));

    [Fact]
    public void BotSettings_CustomConfig_ChartsDrawTheConfigsRsiThresholdsNotTheDefaults()
    {
        // cst run's bot built `new CandleChartRenderer()`: its 📊 charts showed the champion's 30/70-style levels even
        // when --config traded on others.
        var config = Path.Combine(_temp, "config.json");
        File.WriteAllText(config, """{ "strategy": { "oversold": 22, "overbought": 81, "symbols": { "SOLUSDT": { "rsiPeriod": 9 } } } }""");
        var trading = Commands.BacktestCommand.LoadConfig(config);

        var settings = Commands.RunCommand.BotSettings(trading, _ => null);

        Assert.Same(trading.Strategy, settings.Charts.Strategy);
        Assert.Equal((22.0, 81.0), (settings.Charts.Strategy.For("BTCUSDT").Oversold, settings.Charts.Strategy.For("BTCUSDT").Overbought));
        Assert.Equal(9, settings.Charts.Strategy.For("SOLUSDT").RsiPeriod);
        Assert.NotEqual(new Core.Strategy.ChampionOptions().Oversold, settings.Charts.Strategy.For("BTCUSDT").Oversold);
    }

    [Fact]
    public void ReplayCandles_RealData_EmitsExactlyTheBacktestsSignalsAndExits()
    {
        var files = new[] { Cut("BTCUSDT"), Cut("SOLUSDT") };
        var json = Path.Combine(_temp, "backtest.json");
        var signals = Path.Combine(_temp, "signals.jsonl");
        var trades = Path.Combine(_temp, "trades.jsonl");

        var backtest = ConsoleCapture.Run(["backtest", "--candles", .. files, "--json", json]);
        var run = ConsoleCapture.Run(["run", "--replay-candles", .. files, "--signals-out", signals, "--trades-out", trades]);

        Assert.True(backtest.ExitCode == 0, backtest.Error);
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var expected = JsonDocument.Parse(File.ReadAllText(json));
        var expectedSignals = Normalised(expected.RootElement.GetProperty("signals").EnumerateArray());
        Assert.True(expectedSignals.Count >= 20, $"10 days of BTC and SOL should give signals, gave {expectedSignals.Count}");
        Assert.Contains(expectedSignals, s => s.Contains("\"SWING\"", StringComparison.Ordinal));
        Assert.Equal(expectedSignals, Lines(signals));
        Assert.Equal(Normalised(expected.RootElement.GetProperty("trades").EnumerateArray()), Lines(trades));
        Assert.Contains($"replay done: {expectedSignals.Count} signals", run.Out, StringComparison.Ordinal);
        Assert.Contains("SIGNAL for BTCUSDT", run.Out, StringComparison.Ordinal);
        Assert.Contains("EXIT", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayTrades_RealEthusdtTrades_RunsThroughIngestorAndAggregator()
    {
        var signals = Path.Combine(_temp, "signals.jsonl");

        var run = ConsoleCapture.Run("run", "--replay-trades", Path.Combine(Sample, "binance_usdm_ETHUSDT_trades_hftbacktest.csv"), "--signals-out", signals);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("replay done:", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(signals));
        Assert.All(Lines(signals), l => Assert.Contains("\"symbol\":\"ETHUSDT\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_BothReplayKinds_RefusedSayingWhy()
    {
        var (code, _, error) = ConsoleCapture.Run("run", "--replay-trades", "a.csv", "--replay-candles", "b.csv");

        Assert.Equal(2, code);
        Assert.Contains("cannot be used together", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--speed", "-1", "--speed must be >= 0")]
    [InlineData("--backend", "cloud", "--backend must be embedded or gcp")]
    [InlineData("--macro-every", "-5", "--macro-every must be 0..1440")]
    public void Run_BadOption_RefusedNamingIt(string option, string value, string message)
    {
        var (code, _, error) = ConsoleCapture.Run("run", "--replay-candles", Path.Combine(Sample, "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayCandles_MissingFile_OneLineNamingTheFile()
    {
        var (code, _, error) = ConsoleCapture.Run("run", "--replay-candles", Path.Combine(_temp, "nope.csv"));

        Assert.NotEqual(0, code);
        Assert.Contains("nope.csv", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Run_GcpBackendWithoutProject_SaysWhatIsMissing()
    {
        var saved = Environment.GetEnvironmentVariable("GOOGLE_CLOUD_PROJECT");
        Environment.SetEnvironmentVariable("GOOGLE_CLOUD_PROJECT", null);
        try
        {
            var (code, _, error) = ConsoleCapture.Run("run", "--backend", "gcp", "--replay-candles", Path.Combine(Sample, "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"));

            Assert.Equal(2, code);
            Assert.Contains("GOOGLE_CLOUD_PROJECT", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_CLOUD_PROJECT", saved);
        }
    }

    [Theory]
    [InlineData("--symbols", "btcusdt,BTC-USDT", "SYMBOLS: 'BTC-USDT' is not a symbol")]
    [InlineData("--bybit-url", "http://127.0.0.1:1", "Bybit:Url 'http://127.0.0.1:1' must be a ws:// or wss:// URL")]
    [InlineData("--bybit-rest-url", "ws://127.0.0.1:1", "Bybit:RestUrl 'ws://127.0.0.1:1' must be an http:// or https:// URL")]
    public void RunLive_BadStreamSetting_RefusedBeforeConnectingNamingTheKey(string option, string value, string message)
    {
        var (code, _, error) = ConsoleCapture.Run("run", "--db", Path.Combine(_temp, "live.db"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Logic__BarrierGraceMinutes", "0", "Logic:BarrierGraceMinutes must be 1..60, was 0")]
    [InlineData("Ingestor__BatchInterval", "-00:00:01", "Ingestor: BatchInterval and StaleAfter must be positive")]
    public void RunLive_BadFunctionSettingInEnvironment_RefusedAsTheFunctionWould(string variable, string value, string message)
    {
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            var (code, _, error) = ConsoleCapture.Run("run", "--db", Path.Combine(_temp, "live.db"), "--bybit-url", "ws://127.0.0.1:1", "--kraken-url", "http://127.0.0.1:1");

            Assert.Equal(2, code);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
