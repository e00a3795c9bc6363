using System.Globalization;
using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Cli.Download;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Pipeline.Tests;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// <c>cst download</c> against the fake Bybit (real kline/instruments-info wire format, real sample candles):
/// pagination, rate limits, a dropped connection, a bad symbol, resume, holes and the forming minute.
/// </summary>
public sealed class DownloadCommandTests : IDisposable
{
    private const long MinuteMs = 60_000;
    private static readonly long From = Ms("2025-06-01T00:00:00Z");
    private static readonly long To = Ms("2025-06-04T00:00:00Z"); // 4,320 minutes: five 1,000-minute pages

    private readonly string _temp = Directory.CreateTempSubdirectory("cst-download-").FullName;
    private readonly DownloadRetry _originalRetry = DownloadCommand.Retry;

    public DownloadCommandTests()
    {
        DownloadCommand.Retry = new DownloadRetry { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(1) };
    }

    [Fact]
    public async Task Download_TwoSymbolsThreeDays_WritesSampleLayoutEqualToBybitsCandlesAndTickSizes()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script());

        var (code, stdout, error) = Run(bybit, "BTCUSDT,SOLUSDT");

        Assert.True(code == 0, error);
        foreach (var symbol in new[] { "BTCUSDT", "SOLUSDT" })
        {
            var path = Path.Combine(_temp, $"bybit_linear_{symbol}_1m_2025-06-01_2025-06-04.csv");
            Assert.Equal(Source(symbol), CandleCsvReader.ReadFile(path));
            Assert.Equal(File.ReadLines(SampleFile(symbol)).First(), File.ReadLines(path).First());
            Assert.Matches(@"^2025-06-01 00:00:00\+00:00,", File.ReadLines(path).Skip(1).First());
        }

        Assert.Equal(10, bybit.KlineRequests);
        Assert.All(bybit.KlineQueries, q => Assert.Contains("category=linear", q, StringComparison.Ordinal));
        Assert.Equal(8, bybit.KlineQueries.Count(q => q.Contains("limit=1000", StringComparison.Ordinal)));
        var specs = InstrumentsFile.Read(Path.Combine(_temp, InstrumentsFile.FileName));
        Assert.Equal(new InstrumentSpec("BTCUSDT", 0.1, 0.001), specs["BTCUSDT"]);
        Assert.Equal(new InstrumentSpec("SOLUSDT", 0.01, 0.1), specs["SOLUSDT"]);
        Assert.Contains("BTCUSDT: 4320 candles to 2025-06-03T23:59:00Z", stdout, StringComparison.Ordinal);
        Assert.Contains("0 hole(s)", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Download_DownloadedFile_IsWhatBacktestReads()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script());
        Assert.Equal(0, Run(bybit, "BTCUSDT").ExitCode);

        var (code, stdout, error) = ConsoleCapture.Run("backtest", "--candles", Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv"));

        Assert.True(code == 0, error);
        Assert.Contains("Backtest 2025-06-01T00:00:00Z → 2025-06-03T23:59:00Z", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_Http429AndRetCode10006_WaitsRetriesAndCompletes()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script(faults: new() { [1] = FakeKlineFault.TooManyRequests, [3] = FakeKlineFault.TooManyVisits, [4] = FakeKlineFault.TooManyRequests }));

        var (code, _, error) = Run(bybit, "BTCUSDT");

        Assert.True(code == 0, error);
        Assert.Equal(Source("BTCUSDT"), CandleCsvReader.ReadFile(Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv")));
        Assert.Equal(5 + 3, bybit.KlineRequests);
        Assert.Contains("HTTP 429", error, StringComparison.Ordinal);
        Assert.Contains("retCode 10006 Too many visits!", error, StringComparison.Ordinal);
        Assert.Equal(3, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Download_ConnectionDroppedMidway_RetriesThePageWithoutDoublingOrLosingCandles()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script(faults: new() { [2] = FakeKlineFault.DropConnection, [3] = FakeKlineFault.DropConnection }));

        var (code, _, error) = Run(bybit, "BTCUSDT");

        Assert.True(code == 0, error);
        Assert.Equal(Source("BTCUSDT"), CandleCsvReader.ReadFile(Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv")));
        Assert.Equal(7, bybit.KlineRequests);
        Assert.Contains("retry 2 of 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_UnknownSymbol_OneClearErrorLineAndNoFile()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script());

        var (code, _, error) = Run(bybit, "NOPEUSDT");

        Assert.Equal(1, code);
        Assert.Equal("cst: Bybit kline request for NOPEUSDT failed: retCode 10001 params error: symbol NOPEUSDT invalid", error.TrimEnd());
        Assert.Empty(Directory.GetFiles(_temp));
        Assert.Equal(1, bybit.KlineRequests);
    }

    [Fact]
    public async Task Download_InterruptedThenRunAgain_ResumesAfterTheLastCandleOnDisk()
    {
        await using (var broken = await FakeBybitServer.StartAsync(Script(dropAfter: 2)))
        {
            var (code, _, error) = Run(broken, "BTCUSDT");
            Assert.Equal(1, code);
            Assert.Contains("run the same command again to resume", error, StringComparison.Ordinal);
        }

        var part = Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv.part");
        Assert.Equal(2000, CandleCsvReader.ReadFile(part).Count);
        File.AppendAllText(part, "2025-06-02 09:20:00+00:00,105"); // a row cut off by the crash

        await using var bybit = await FakeBybitServer.StartAsync(Script());
        var (again, stdout, error2) = Run(bybit, "BTCUSDT");

        Assert.True(again == 0, error2);
        Assert.Equal(Source("BTCUSDT"), CandleCsvReader.ReadFile(Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv")));
        Assert.False(File.Exists(part));
        Assert.Equal(3, bybit.KlineRequests);
        Assert.Contains($"start={From + (2000 * MinuteMs)}&", bybit.KlineQueries[0], StringComparison.Ordinal);
        Assert.Contains("resumed at 2025-06-02T09:20:00Z", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_CompleteFileAlreadyThere_RequestsNoCandles()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script());
        Assert.Equal(0, Run(bybit, "BTCUSDT").ExitCode);

        var (code, stdout, _) = Run(bybit, "BTCUSDT");

        Assert.Equal(0, code);
        Assert.Equal(5, bybit.KlineRequests);
        Assert.Contains("already complete", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_BybitHasAHole_ReportsItAndNeverInventsCandles()
    {
        var holeFrom = From + (1500 * MinuteMs);
        var source = Source("BTCUSDT").Where(c => c.OpenTimeMs < holeFrom || c.OpenTimeMs >= holeFrom + (45 * MinuteMs)).ToList();
        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript { Klines = new Dictionary<string, IReadOnlyList<Candle>> { ["BTCUSDT"] = source } });

        var (code, stdout, error) = Run(bybit, "BTCUSDT");

        Assert.Equal(0, code);
        Assert.Equal(source, CandleCsvReader.ReadFile(Path.Combine(_temp, "bybit_linear_BTCUSDT_1m_2025-06-01_2025-06-04.csv")));
        Assert.Contains("BTCUSDT: Bybit has no candles from 2025-06-02T01:00:00Z to 2025-06-02T01:45:00Z (45 minute(s)); left as a hole, not filled", error, StringComparison.Ordinal);
        Assert.Contains("1 hole(s), 45 minute(s) missing", stdout, StringComparison.Ordinal);
        Assert.Contains("no tick size/quantity step", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_RangeReachesNow_NeverWritesTheFormingMinute()
    {
        await using var bybit = await FakeBybitServer.StartAsync(Script());
        using var http = new HttpClient();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(From + (1234 * MinuteMs) + 30_000));
        var downloader = new KlineDownloader(new BybitRestClient(http, bybit.RestUrl), clock, new DownloadRetry(), _ => { });
        var path = Path.Combine(_temp, "now.csv");

        var outcome = await downloader.DownloadAsync("BTCUSDT", From, To, path, (_, _) => { }, CancellationToken.None);

        var candles = CandleCsvReader.ReadFile(path);
        Assert.Equal(1234, candles.Count);
        Assert.Equal(From + (1233 * MinuteMs), candles[^1].OpenTimeMs);
        Assert.Equal(From + (1233 * MinuteMs), outcome.LastOpenMs);
        Assert.Empty(outcome.Holes);
    }

    [Theory]
    [InlineData("--from", "2025-06-04", "--to", "2025-06-01", "must be after --from")]
    [InlineData("--from", "yesterday", "--to", "2025-06-01", "--from 'yesterday' is not a time")]
    public void Download_BadRange_FailsNamingTheOption(string o1, string v1, string o2, string v2, string expected)
    {
        var (code, _, error) = ConsoleCapture.Run("download", "--symbols", "BTCUSDT", o1, v1, o2, v2, "--out", _temp, "--bybit-rest-url", "http://127.0.0.1:9");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        DownloadCommand.Retry = _originalRetry;
        Directory.Delete(_temp, recursive: true);
    }

    private (int ExitCode, string Out, string Error) Run(FakeBybitServer bybit, string symbols) =>
        ConsoleCapture.Run("download", "--symbols", symbols, "--from", "2025-06-01", "--to", "2025-06-04", "--out", _temp, "--bybit-rest-url", bybit.RestUrl.ToString());

    private static FakeBybitScript Script(Dictionary<int, FakeKlineFault>? faults = null, int? dropAfter = null) => new()
    {
        Klines = new Dictionary<string, IReadOnlyList<Candle>> { ["BTCUSDT"] = Source("BTCUSDT"), ["SOLUSDT"] = Source("SOLUSDT") },
        Instruments = new Dictionary<string, (string, string)> { ["BTCUSDT"] = ("0.10", "0.001"), ["SOLUSDT"] = ("0.010", "0.1") },
        KlineFaults = faults ?? [],
        KlineDropAfter = dropAfter,
    };

    private static List<Candle> Source(string symbol) =>
        [.. SourceData.AllCandles(symbol).Where(c => c.OpenTimeMs >= From && c.OpenTimeMs < To)];

    private static string SampleFile(string symbol) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample"), $"bybit_linear_{symbol}_1m_*.csv").Single();

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
