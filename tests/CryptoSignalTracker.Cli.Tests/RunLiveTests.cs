using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// <c>cst run</c> live, as a user starts it, against a fake Bybit speaking the real protocol (there is no internet here):
/// it connects, subscribes, builds the candles and prints the signals as they come — the backtester's signals on those candles.
/// </summary>
public sealed class RunLiveTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-run-live-").FullName;

    [Theory]
    [InlineData("INT")] // Ctrl+C
    [InlineData("TERM")] // kill, systemd, docker stop: exited 143 before the drain
    public async Task Run_AgainstFakeBybit_PrintsTheBacktestersSignalsAsTheyComeAndStopsCleanlyOnSignal(string signal)
    {
        const int minutes = SourceData.SignalWindowMinutes;
        var start = SourceData.SignalWindowStartMs;
        var series = SourceData.Symbols.Select(s => new SymbolSeries(s, SourceData.Candles(s, start, minutes))).ToList();
        var expected = Backtester.Run(series, new TradingConfig { MacroEnabled = false });
        var lastMinute = start + ((minutes - 1) * SourceData.MinuteMs);
        var expectedLines = expected.Signals.Where(s => s.TimeMs < lastMinute).Select(BacktestJson.SignalLine).ToList();
        Assert.True(expectedLines.Count >= 1, "the window should give at least one signal");

        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = SourceData.Trades(start, minutes),
            Klines = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, start, minutes)),
            FrameDelay = TimeSpan.FromMilliseconds(2),
            ClockFrameMs = start + (minutes * SourceData.MinuteMs) + 3_000,
        });
        var signals = Path.Combine(_temp, "signals.jsonl");
        var (process, text) = StartCst(
            "run", "--symbols", string.Join(",", SourceData.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
            "--bybit-rest-url", bybit.RestUrl.ToString(), "--macro-every", "0", "--signals-out", signals);
        using var cst = process;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !process.HasExited && ReadLines(signals).Count < expectedLines.Count)
            {
                await Task.Delay(100);
            }

            await Task.Delay(500); // a duplicate or an extra signal would show up here
            Assert.True(ReadLines(signals).Count >= expectedLines.Count, $"cst run gave {ReadLines(signals).Count} of {expectedLines.Count} signals; output:\n{text()}");
            Assert.Equal(expectedLines, ReadLines(signals).Where(l => Time(l) < lastMinute));
            Assert.True(bybit.Connections >= 1);
            Assert.Contains("cst run: live from ws://127.0.0.1", text(), StringComparison.Ordinal);
            Assert.Contains($"SIGNAL for {expected.Signals[0].Symbol}", text(), StringComparison.Ordinal);

            using (var interrupt = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit(); // the no-timeout overload also waits until the output events are all delivered
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; output:\n{text()}");
            Assert.DoesNotContain("Exception", text(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// Issue 14: off a terminal, live <c>cst run</c> prints plain lines (alerts, its own lines, warnings), not the stream of
    /// information lines (9,226 lines for 2000 minutes before); <c>--log FILE</c> has that full stream; <c>-v</c> brings it
    /// back to the console.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_NotATerminal_AlertsOnTheConsoleFullLogInLogFileAndOnTheConsoleWithVerbose(bool verbose)
    {
        const int minutes = SourceData.SignalWindowMinutes;
        var start = SourceData.SignalWindowStartMs;
        var series = SourceData.Symbols.Select(s => new SymbolSeries(s, SourceData.Candles(s, start, minutes))).ToList();
        var expected = Backtester.Run(series, new TradingConfig { MacroEnabled = false });
        var lastMinute = start + ((minutes - 1) * SourceData.MinuteMs);
        var expectedCount = expected.Signals.Count(s => s.TimeMs < lastMinute);

        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = SourceData.Trades(start, minutes),
            Klines = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, start, minutes)),
            FrameDelay = TimeSpan.FromMilliseconds(2),
            ClockFrameMs = start + (minutes * SourceData.MinuteMs) + 3_000,
        });
        var signals = Path.Combine(_temp, "signals.jsonl");
        var log = Path.Combine(_temp, "run.log");
        string[] args = ["run", "--symbols", string.Join(",", SourceData.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
            "--bybit-rest-url", bybit.RestUrl.ToString(), "--macro-every", "0", "--signals-out", signals, "--log", log];
        var (process, text) = StartCst(verbose ? [.. args, "-v"] : args);
        using var cst = process;
        try
        {
            // The signals file is written when an entry is published; its alert is printed when the bot receives it, a
            // moment later: wait for both before stopping.
            var alert = $"SIGNAL for {expected.Signals[0].Symbol}";
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !process.HasExited
                   && (ReadLines(signals).Count < expectedCount || !text().Contains(alert, StringComparison.Ordinal)))
            {
                await Task.Delay(100);
            }

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; output:\n{text()}");
            Assert.True(ReadLines(signals).Count >= expectedCount, text());
            Assert.Contains(alert, text(), StringComparison.Ordinal);

            var fileLines = File.ReadAllLines(log);
            Assert.Contains(fileLines, l => l.Contains(" info CryptoSignalTracker.", StringComparison.Ordinal));
            Assert.All(fileLines.Where(l => l.Length > 0 && char.IsDigit(l[0])), l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|fail|crit) \S+: ", l));
            var consoleInfo = text().Split('\n').Count(l => l.StartsWith("info: CryptoSignalTracker", StringComparison.Ordinal));
            if (verbose)
            {
                Assert.True(consoleInfo > 0, text());
            }
            else
            {
                Assert.True(consoleInfo == 0, $"{consoleInfo} information lines on the console:\n{text()}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task ReplayTrades_CtrlCMidway_OneLineSayingWhereItStoppedNoStackTrace()
    {
        var trades = Path.Combine(AppContext.BaseDirectory, "data", "sample", "binance_usdm_ETHUSDT_trades_hftbacktest.csv");
        var (process, text) = StartCst("run", "--replay-trades", trades, "--speed", "1");
        using var cst = process;
        try
        {
            // at --speed 1 the file's first window alone takes minutes: stop it a few seconds in
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.False(process.HasExited, text());
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit(); // the no-timeout overload also waits until the output events are all delivered
            Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}; output:\n{text()}");
            Assert.Matches(@"replay stopped at (2024-07-18T23:5\d:\d\d(\.\d+)?Z|the start): \d+ signals, \d+ exits so far", text());
            Assert.DoesNotContain("Exception", text(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// Issue 12: live <c>cst run</c> with its default settings (macro on, the macro engine's Kraken unreachable) against the
    /// fake Bybit, 100 hours of real minutes as fast as the feed goes: every MICRO and SWING entry and every exit is
    /// <c>cst backtest</c>'s on the same candles, object for object, because the macro decides on the pipeline's own
    /// Bybit candles (resampled to 5m/4h inside the LogicEngine, exactly as the backtester resamples them).
    /// </summary>
    [Fact]
    public async Task Run_Live100HoursDefaultSettingsNoKraken_EverySignalAndExitIsTheBacktests()
    {
        const int minutes = 100 * 60;
        var start = SourceData.StartMs;
        var series = SourceData.Symbols.Select(s => new SymbolSeries(s, SourceData.Candles(s, start, minutes))).ToList();
        var expected = Backtester.Run(series, new TradingConfig());
        var lastMinute = start + ((minutes - 1) * SourceData.MinuteMs);
        var expectedSignals = expected.Signals.Where(s => s.TimeMs < lastMinute).Select(BacktestJson.SignalLine).ToList();
        var expectedExits = expected.Trades.Where(t => t.Reason != ExitReason.End && t.ExitTimeMs < lastMinute).Select(BacktestJson.TradeLine).ToList();
        Assert.True(expected.Signals.Count(s => s.Kind == SignalKind.Swing) >= 3, "the window should give SWING signals");
        Assert.True(expected.Signals.Count(s => s.Kind == SignalKind.Micro) >= 10, "the window should give MICRO signals");

        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = SourceData.Trades(start, minutes),
            Klines = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, start, minutes)),
            FrameDelay = TimeSpan.Zero,
            ClockFrameMs = start + (minutes * SourceData.MinuteMs) + 3_000,
        });
        var signals = Path.Combine(_temp, "signals.jsonl");
        var exits = Path.Combine(_temp, "trades.jsonl");
        using var noKraken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        noKraken.Start();
        var deadKraken = $"http://127.0.0.1:{((System.Net.IPEndPoint)noKraken.LocalEndpoint).Port}/";
        noKraken.Stop(); // nothing listens there: every Kraken request is refused
        var (process, text) = StartCst(
            "run", "--symbols", string.Join(",", SourceData.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
            "--bybit-rest-url", bybit.RestUrl.ToString(), "--kraken-url", deadKraken, "--cryptocompare-url", deadKraken, "--signals-out", signals, "--trades-out", exits);
        using (process)
        {
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(300);
                while (DateTime.UtcNow < deadline && !process.HasExited
                       && (ReadLines(signals).Count < expectedSignals.Count || ReadLines(exits).Count < expectedExits.Count))
                {
                    await Task.Delay(200);
                }

                await Task.Delay(1000); // a duplicate or an extra signal would show up here
                Assert.True(ReadLines(signals).Count >= expectedSignals.Count, $"cst run gave {ReadLines(signals).Count} of {expectedSignals.Count} signals; output:\n{text()}");
                Assert.Equal(expectedSignals, ReadLines(signals).Where(l => Time(l) < lastMinute));
                Assert.Equal(expectedExits, ReadLines(exits).Where(l => Time(l, "exitTime") < lastMinute));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    /// <summary>Starts <c>cst</c> with <paramref name="args"/> in the temp directory, without a Telegram token; returns it and its output so far.</summary>
    private (Process Process, Func<string> Text) StartCst(params string[] args)
    {
        var cst = Soak.CstProcess.Start(_temp, null, args);
        return (cst.Process, () => cst.Output);
    }

    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static long Time(string line, string field = "time") =>
        DateTimeOffset.Parse(JsonDocument.Parse(line).RootElement.GetProperty(field).GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
