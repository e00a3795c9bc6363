using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 14, items 2 and 3: a replay writes where <c>--db</c> says, never continues state it did not make, never contacts
/// the network, and a trade file's quiet run longer than an hour is a hole, as <c>cst aggregate</c> makes it.
/// </summary>
public sealed class RunReplayStateTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private static readonly string EthTrades = Path.Combine(Sample, "binance_usdm_ETHUSDT_trades_hftbacktest.csv");
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-run-state-").FullName;

    /// <summary>The first two days of the real BTCUSDT file, under the same name (the symbol comes from it).</summary>
    private string TwoDaysOfBtc()
    {
        const string name = "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";
        var path = Path.Combine(_temp, name);
        File.WriteAllLines(path, File.ReadLines(Path.Combine(Sample, name)).Take(1 + (2 * 1440)));
        return path;
    }

    [Fact]
    public async Task ReplayCandles_DbGiven_TheReplaysCandlesAreInThatFile()
    {
        var file = TwoDaysOfBtc();
        var db = Path.Combine(_temp, "mine.db");

        var run = ConsoleCapture.Run("run", "--replay-candles", file, "--db", db);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.True(File.Exists(db), $"--db {db} was not written");
        var expected = CandleCsvReader.ReadFile(file);
        var stored = await new SqliteCandleStore(new SqliteDatabase(db)).ReadAsync("BTCUSDT", expected[0].OpenTimeMs, expected[^1].OpenTimeMs + 1); // to is exclusive
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task ReplayCandles_AnotherEngineHoldsTheLeaseOnTheDb_RefusedAtStartDecidingNothing()
    {
        var file = TwoDaysOfBtc();
        var db = Path.Combine(_temp, "leased.db");
        var lease = new SqliteWriterLeaseStore(new SqliteDatabase(db));
        Assert.NotNull(await lease.TryAcquireAsync("logic-engine", "the-logic-engine-function", TimeSpan.FromMinutes(10)));

        var run = ConsoleCapture.Run("run", "--replay-candles", file, "--db", db);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("another LogicEngine (a cst run or the LogicEngine function) is deciding on this store", run.Error, StringComparison.Ordinal);
        Assert.Contains("'logic-engine' is held by another instance", run.Error, StringComparison.Ordinal);
        Assert.Null(await new SqliteStateStore(new SqliteDatabase(db)).GetAsync("logic-engine", "watermark"));
    }

    [Fact]
    public void ReplayCandles_DbAlreadyHoldsDecidedMinutes_RefusedSayingHowToStartClean()
    {
        var file = TwoDaysOfBtc();
        var db = Path.Combine(_temp, "reused.db");
        var first = ConsoleCapture.Run("run", "--replay-candles", file, "--db", db);
        Assert.True(first.ExitCode == 0, first.Error + first.Out);

        var second = ConsoleCapture.Run("run", "--replay-candles", file, "--db", db);

        Assert.Equal(2, second.ExitCode);
        var line = Assert.Single(second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.Equal(
            $"cst: --db {db} already holds minutes decided up to 2025-06-01T16:38:00Z; a replay into it would skip them and continue the old positions. " +
            $"Start clean: give another --db, or delete {db} (and {db}-wal, {db}-shm)",
            line);
        Assert.DoesNotContain("replay done", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayTrades_RealEthusdtTrades_CandlesAndSignalsAreCstAggregatesAndBacktests()
    {
        var db = Path.Combine(_temp, "eth.db");
        var signals = Path.Combine(_temp, "signals.jsonl");
        var refusedBefore = NoNetwork.Refused;

        var run = ConsoleCapture.Run("run", "--replay-trades", EthTrades, "--db", db, "--signals-out", signals);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Equal(refusedBefore, NoNetwork.Refused); // not one request even tried
        Assert.Equal("", run.Error);

        // `cst aggregate` on the same trades: two windows three weeks apart, the hole between them not filled
        var aggregated = CandleAggregator.Aggregate(TradeCsvReader.ReadFile(EthTrades).ToArray());
        Assert.Single(aggregated.Gaps);
        var stored = await new SqliteCandleStore(new SqliteDatabase(db)).ReadAsync("ETHUSDT", aggregated.Candles[0].OpenTimeMs, aggregated.Candles[^1].OpenTimeMs + 1);
        Assert.Equal(aggregated.Candles.Select(c => c.OpenTimeMs), stored.Select(c => c.OpenTimeMs));
        for (var i = 0; i < stored.Count; i++)
        {
            var (a, s) = (aggregated.Candles[i], stored[i]);
            Assert.Equal((a.Open, a.High, a.Low, a.Close, a.Trades), (s.Open, s.High, s.Low, s.Close, s.Trades));
            Assert.Equal(a.Volume, s.Volume, 1e-9); // summed per batch, then batches: the last bits may differ
        }

        // ... and `cst backtest` on those candles gives the replay's signals (the flat-filled hole once gave an RSI-0 LONG)
        var backtest = Backtester.Run([new SymbolSeries("ETHUSDT", aggregated.Candles)], new TradingConfig());
        Assert.Equal(backtest.Signals.Select(BacktestJson.SignalLine), File.ReadAllLines(signals));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_temp, recursive: true);
    }
}
