using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Cli.Run.Status;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Dashboard.Status;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Pipeline.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 14 item 5: <c>cst run</c>'s live status view — per symbol the last candle and its lag, open positions valued at
/// the last close, equity, the newest signals, a health light with its reason — read from the run's real SQLite stores.
/// </summary>
public sealed class RunStatusTests : IDisposable
{
    private const long MinuteMs = 60_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("cst-status-").FullName;
    private readonly SqliteCandleStore _candles;
    private readonly SqlitePositionBook _positions;

    public RunStatusTests()
    {
        var database = new SqliteDatabase(Path.Combine(_directory, "cst.db"));
        _candles = new SqliteCandleStore(database);
        _positions = new SqlitePositionBook(database);
    }

    [Fact]
    public async Task Snapshot_SolBehindByThreeMinutesAndALongOpen_AmberNamingSolAndThePositionValuedAtBtcsLastClose()
    {
        // 30 real minutes of each; SOL's last 3 are not stored (its feed is behind).
        var start = SourceData.SignalWindowStartMs;
        var btc = SourceData.Candles("BTCUSDT", start, 30);
        var sol = SourceData.Candles("SOLUSDT", start, 27);
        await _candles.WriteAsync("BTCUSDT", btc);
        await _candles.WriteAsync("SOLUSDT", sol);
        var entry = btc[10];
        var position = new Position("BTCUSDT-1", "BTCUSDT", Direction.Long, SignalKind.Micro, entry.OpenTimeMs, entry.Close, entry.Close * 0.99, entry.Close * 1.01, 0.5, 50, 1);
        Assert.Equal(PositionOpenOutcome.Opened, await _positions.TryOpenAsync(position));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(btc[^1].OpenTimeMs + MinuteMs + 12_000); // 12 s after BTC's last close
        var collector = new RunStatusCollector(["BTCUSDT", "SOLUSDT"], _candles, _positions, () => 10_123.45, new FakeTimeProvider(now));

        var snapshot = await collector.SnapshotAsync(CancellationToken.None);

        Assert.Equal(btc[^1], snapshot.Symbols[0].Last);
        Assert.Equal(TimeSpan.FromSeconds(12), snapshot.Symbols[0].Lag);
        Assert.Equal(sol[^1], snapshot.Symbols[1].Last);
        Assert.Equal(TimeSpan.FromSeconds(192), snapshot.Symbols[1].Lag);
        Assert.Equal(new RunHealth(HealthLevel.Amber, "SOLUSDT: no candle for 3 min"), snapshot.Health);
        var open = Assert.Single(snapshot.Positions);
        Assert.Equal(btc[^1].Close, open.LastClose);
        Assert.Equal((btc[^1].Close - entry.Close) * 0.5, open.UnrealisedPnl!.Value, 9);
        Assert.Equal(TimeSpan.FromMilliseconds(now.ToUnixTimeMilliseconds() - entry.OpenTimeMs), open.Held);
        Assert.Equal(10_123.45, snapshot.Equity);
    }

    [Fact]
    public async Task Snapshot_ShortPosition_UnrealisedPnlGainsWhenThePriceFalls()
    {
        var btc = SourceData.Candles("BTCUSDT", SourceData.SignalWindowStartMs, 5);
        await _candles.WriteAsync("BTCUSDT", btc);
        var entryPrice = btc[^1].Close + 100;
        await _positions.TryOpenAsync(new Position("BTCUSDT-2", "BTCUSDT", Direction.Short, SignalKind.Swing, btc[0].OpenTimeMs, entryPrice, entryPrice + 500, entryPrice - 500, 0.2, 100, 1));
        var collector = new RunStatusCollector(["BTCUSDT"], _candles, _positions, () => null, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(btc[^1].OpenTimeMs + MinuteMs)));

        var snapshot = await collector.SnapshotAsync(CancellationToken.None);

        Assert.Equal(20, Assert.Single(snapshot.Positions).UnrealisedPnl!.Value, 6);
        Assert.Null(snapshot.Equity);
        Assert.Equal(HealthLevel.Green, snapshot.Health.Level);
    }

    [Fact]
    public async Task Snapshot_NothingStored_AmberWaitingForTheFirstMinute()
    {
        var collector = new RunStatusCollector(["BTCUSDT", "SOLUSDT"], _candles, _positions, () => null, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(SourceData.SignalWindowStartMs)));

        var snapshot = await collector.SnapshotAsync(CancellationToken.None);

        Assert.All(snapshot.Symbols, s => Assert.Null(s.Last));
        Assert.Equal(new RunHealth(HealthLevel.Amber, "waiting for the first closed minute"), snapshot.Health);
        Assert.Empty(snapshot.Positions);
    }

    [Fact]
    public void Health_EverySymbolBehindMoreThanFiveMinutes_RedSayingTheFeedStopped()
    {
        var rows = new[]
        {
            new SymbolStatus("BTCUSDT", Candle.Flat(0, 1), TimeSpan.FromMinutes(7)),
            new SymbolStatus("SOLUSDT", Candle.Flat(0, 1), TimeSpan.FromMinutes(9)),
        };

        Assert.Equal(new RunHealth(HealthLevel.Red, "no candle for any symbol for 7 min: is the feed connected?"), RunStatusCollector.Health(rows));
    }

    [Fact]
    public void Health_OneSymbolNeverStored_AmberNamingIt()
    {
        var rows = new[] { new SymbolStatus("BTCUSDT", Candle.Flat(0, 1), TimeSpan.FromSeconds(5)), new SymbolStatus("XRPUSDT", null, null) };

        Assert.Equal(new RunHealth(HealthLevel.Amber, "XRPUSDT: no candle yet"), RunStatusCollector.Health(rows));
    }

    [Fact]
    public async Task Published_SevenSignals_KeepsTheNewestFiveInOrder()
    {
        var collector = new RunStatusCollector(["BTCUSDT"], _candles, _positions, () => null, new FakeTimeProvider());
        for (var i = 0; i < 7; i++)
        {
            var signal = new Signal($"BTCUSDT-{i}", "BTCUSDT", SourceData.SignalWindowStartMs + (i * MinuteMs), Direction.Long, SignalKind.Micro, 100 + i, 99, 101, 1, 0.8, "test", "v5.2");
            collector.Published(TradeSignalMessage.ForEntry(signal, null));
        }

        var lines = (await collector.SnapshotAsync(CancellationToken.None)).LastSignals;

        Assert.Equal(5, lines.Count);
        Assert.Equal("2025-05-31T00:43:00Z ENTRY BTCUSDT Micro Long @ 102", lines[0]);
        Assert.EndsWith("@ 106", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Snapshot_ShowsEachSymbolPositionEquityHealthAndSignals()
    {
        var candle = new Candle(SourceData.SignalWindowStartMs, 104_000, 104_100, 103_900, 104_050.5, 12.5, 321);
        var position = new Position("SOLUSDT-1", "SOLUSDT", Direction.Short, SignalKind.Swing, SourceData.SignalWindowStartMs - (90 * MinuteMs), 160.5, 162, 159.7, 3, 4.5, 0.3);
        var snapshot = new RunStatusSnapshot(
            DateTimeOffset.FromUnixTimeMilliseconds(SourceData.SignalWindowStartMs + 72_000),
            [new SymbolStatus("BTCUSDT", candle, TimeSpan.FromSeconds(12)), new SymbolStatus("SOLUSDT", null, null)],
            [new PositionStatus(position, 160.1, 1.2, TimeSpan.FromMinutes(91))],
            10_050.25,
            ["2025-05-31T00:41:00Z ENTRY SOLUSDT Swing Short @ 160.5"],
            new RunHealth(HealthLevel.Amber, "SOLUSDT: no candle yet"));

        var text = Draw(RunStatusView.Render(snapshot));

        Assert.Contains("● AMBER SOLUSDT: no candle yet", text, StringComparison.Ordinal);
        Assert.Matches(@"BTCUSDT\s*│\s*00:41\s*│\s*104050.5\s*│\s*321\s*│\s*12 s", text);
        Assert.Matches(@"SOLUSDT\s*│\s*—\s*│\s*—\s*│\s*—\s*│\s*no candle yet", text);
        Assert.Matches(@"SOLUSDT Swing Short\s*│\s*160.5\s*│\s*162\s*│\s*159.7\s*│\s*160.1\s*│\s*\+1.20\s*│\s*1 h 31 min", text);
        Assert.Contains("equity 10050.25", text, StringComparison.Ordinal);
        Assert.Contains("open positions 1", text, StringComparison.Ordinal);
        Assert.Contains("2025-05-31T00:41:00Z ENTRY SOLUSDT Swing Short @ 160.5", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, false, true)] // live on a terminal: the view
    [InlineData(false, false, true, false)] // live into a pipe or file: plain lines
    [InlineData(false, true, false, false)] // -v: the information stream
    [InlineData(true, false, false, false)] // replay
    public void ShowsStatusView_ByModeAndOutput(bool replay, bool verbose, bool redirected, bool expected)
    {
        var settings = new RunSettings { Verbose = verbose, ReplayCandles = replay ? ["x.csv"] : [] };

        Assert.Equal(expected, RunDisplay.ShowsStatusView(settings, redirected));
    }

    [Fact]
    public void Loggers_LogFileAndView_FileHasOwnInformationViewOnlyWarnings()
    {
        using var file = new StringWriter();
        using var above = new StringWriter();
        using (var loggers = RunDisplay.Loggers(new RunSettings(), above, file))
        {
            loggers.CreateLogger("CryptoSignalTracker.Live.LiveEngine").LogInformation("decided {Minute}", "00:41");
            loggers.CreateLogger("Microsoft.AspNetCore.Hosting").LogInformation("framework chatter");
            loggers.CreateLogger("Microsoft.AspNetCore.Hosting").LogWarning("framework warning");
            loggers.CreateLogger("CryptoSignalTracker.Functions.Aggregator").LogError(new InvalidOperationException("boom"), "refused a batch");
        }

        var fileText = file.ToString();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info CryptoSignalTracker\.Live\.LiveEngine: decided 00:41", fileText);
        Assert.DoesNotContain("framework chatter", fileText, StringComparison.Ordinal);
        Assert.Contains("warn Microsoft.AspNetCore.Hosting: framework warning", fileText, StringComparison.Ordinal);
        Assert.Contains("fail CryptoSignalTracker.Functions.Aggregator: refused a batch", fileText, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: boom", fileText, StringComparison.Ordinal);
        var viewText = above.ToString();
        Assert.DoesNotContain("decided", viewText, StringComparison.Ordinal);
        Assert.Contains("framework warning", viewText, StringComparison.Ordinal);
        Assert.Contains("refused a batch", viewText, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenLog_PathIsADirectory_OneLineNamingItExit1()
    {
        var error = Assert.Throws<CliException>(() => RunDisplay.OpenLog(_directory));

        Assert.Equal(1, error.ExitCode);
        Assert.StartsWith($"--log {_directory}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleLineWriter_PartialWrites_OneLineEachAsPlainTextNotMarkup()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        using var writer = new ConsoleLineWriter(console);

        writer.Write("SIGNAL for [BTCUSDT] ");
        writer.Write("LONG\r\nsecond");
        writer.WriteLine(" line");

        Assert.Equal("SIGNAL for [BTCUSDT] LONG\nsecond line\n", output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Draw(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 140;
        console.Write(renderable);
        return output.ToString();
    }
}
