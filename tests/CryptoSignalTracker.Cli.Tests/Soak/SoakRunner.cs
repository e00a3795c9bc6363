using System.Diagnostics;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>What a soak runs: simulated days, the fault seed, kills per simulated day, where its files go, how long it may take.</summary>
internal sealed record SoakSettings(double Days, int Seed, double DaysPerKill, string Directory, TimeSpan Timeout, IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>
/// The soak: <c>cst run</c> live (embedded backend, its default settings, Kraken unreachable so the macro decides on the
/// pipeline's own candles) against the fake Bybit pushing <see cref="SoakSeries"/> as fast as it is taken, with the
/// <see cref="SoakPlan"/>'s faults; every SIGKILL is followed by a restart on the same database (refused with exit 2
/// while the dead process's LogicEngine lease runs out, as a supervisor would see it). At the end the process is stopped
/// with SIGTERM and <see cref="SoakFindings"/> checks the store, the signals and the log.
/// </summary>
internal static class SoakRunner
{
    public static async Task<SoakFindings> RunAsync(SoakSettings settings, Action<string> progress)
    {
        var series = SoakSeries.Loop(settings.Days);
        var plan = SoakPlan.Create(settings.Seed, series, settings.DaysPerKill);
        foreach (var line in plan.Describe())
        {
            progress($"fault: {line}");
        }

        var expected = SoakExpectation.Backtest(series);
        var trades = series.Trades(plan.Lags);
        var files = new SoakFiles(settings.Directory);
        var pace = new SoakPace(files.Database, series.StartMs, SoakSeries.Symbols.Count);
        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = trades,
            Klines = series.Candles,
            TradesPerFrame = 4,
            FrameDelay = TimeSpan.Zero,
            ClockFrameMs = series.StartMs + (series.Minutes * SoakSeries.MinuteMs) + 3_000,
            DuplicateFrameNumbers = plan.DuplicateFrames,
            DropAfterFrames = plan.DropAfterFrames,
            MissedOnDrop = plan.MissedOnDrop,
            MalformedFrame = SoakPlan.MalformedFrame,
            BeforeFrame = pace.BeforeFrameAsync,
        });

        var deadKraken = DeadUrl();
        var starts = new List<SoakStart>();
        var kills = new Queue<int>(plan.KillAfterFrames);
        var seconds = new Queue<int>(plan.SecondInstanceAfterFrames);
        var intruders = 0;
        var refusedSeconds = 0;
        var load = SoakLoad.Read();
        var wall = Stopwatch.StartNew();
        CstProcess? cst = null;
        var failures = new List<string>();
        int? finalExit = null;
        try
        {
            cst = Start();
            while (true)
            {
                if (wall.Elapsed > settings.Timeout)
                {
                    failures.Add($"did not finish within {settings.Timeout}: {bybit.FramesSent} of {trades.Count / 4} frames sent; last output:\n{Tail(cst.Output)}");
                    break;
                }

                if (cst.Process.HasExited)
                {
                    cst.Process.WaitForExit();
                    if (cst.Process.ExitCode == 2 && cst.Output.Contains("another LogicEngine", StringComparison.Ordinal))
                    {
                        starts[^1] = starts[^1] with { RefusedByLease = true };
                        cst.Dispose();
                        await Task.Delay(1000);
                        cst = Start();
                        continue;
                    }

                    failures.Add($"cst run exited {cst.Process.ExitCode} on its own:\n{Tail(cst.Output)}");
                    break;
                }

                if (kills.Count > 0 && bybit.FramesSent >= kills.Peek())
                {
                    kills.Dequeue();
                    await cst.SignalAsync("KILL", TimeSpan.FromSeconds(30));
                    starts[^1] = starts[^1] with { KilledAtFrame = bybit.FramesSent };
                    progress($"SIGKILL at frame {bybit.FramesSent} ({wall.Elapsed.TotalSeconds:F0} s)");
                    cst.Dispose();
                    cst = Start();
                    continue;
                }

                if (seconds.Count > 0 && bybit.FramesSent >= seconds.Peek() && cst.Output.Contains(LiveLine, StringComparison.Ordinal))
                {
                    // the first holds the lease now (it prints the line after acquiring it): a second one must be refused
                    seconds.Dequeue();
                    var intruder = await SecondInstanceAsync(settings, files, bybit, deadKraken, ++intruders);
                    progress($"second cst run at frame {bybit.FramesSent}: {intruder ?? "refused by the lease"}");
                    if (intruder is not null)
                    {
                        failures.Add(intruder);
                        break;
                    }

                    refusedSeconds++;

                    continue;
                }

                if (bybit.Replayed.IsCompleted && kills.Count == 0 && seconds.Count == 0 && SoakExpectation.Reached(files, series, expected))
                {
                    break;
                }

                await Task.Delay(200);
            }

            if (failures.Count == 0)
            {
                await Task.Delay(1500); // a duplicate or an extra signal would show up here
                finalExit = await cst.SignalAsync("TERM", TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            cst?.Dispose();
        }

        wall.Stop();
        SqliteConnectionPools.Clear();
        return SoakFindings.Collect(settings, series, plan, expected, files, starts, failures, finalExit, wall.Elapsed, load, bybit.Connections, refusedSeconds);

        CstProcess Start()
        {
            var n = starts.Count + 1;
            var process = CstProcess.Start(settings.Directory, settings.Environment,
                "run", "--symbols", string.Join(",", SoakSeries.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
                "--bybit-rest-url", bybit.RestUrl.ToString(), "--kraken-url", deadKraken, "--cryptocompare-url", deadKraken,
                "--db", files.Database, "--log", files.Log, "--signals-out", files.Signals(n), "--trades-out", files.Exits(n));
            starts.Add(new SoakStart(n, process.StartedUtc, bybit.FramesSent, null, false));
            return process;
        }
    }

    /// <summary>What <c>cst run</c> prints once it holds the LogicEngine lease and is wired.</summary>
    private const string LiveLine = "cst run: live from ";

    /// <summary>
    /// Starts a second <c>cst run</c> on the same store while the first is alive (two LogicEngines at once) and waits
    /// for it to end: null when it was refused by the lease (exit 2, naming the other LogicEngine) having published
    /// nothing, else what went wrong (it is stopped then).
    /// </summary>
    private static async Task<string?> SecondInstanceAsync(SoakSettings settings, SoakFiles files, FakeBybitServer bybit, string deadKraken, int n)
    {
        var signals = Path.Combine(settings.Directory, $"second-signals-{n}.jsonl");
        var exits = Path.Combine(settings.Directory, $"second-exits-{n}.jsonl");
        using var second = CstProcess.Start(settings.Directory, settings.Environment,
            "run", "--symbols", string.Join(",", SoakSeries.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
            "--bybit-rest-url", bybit.RestUrl.ToString(), "--kraken-url", deadKraken, "--cryptocompare-url", deadKraken,
            "--db", files.Database, "--log", files.Log, "--signals-out", signals, "--trades-out", exits);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await second.Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return $"second cst run #{n} on the same store was still running after 90 s (it should have been refused by the lease):\n{Tail(second.Output)}";
        }

        second.Process.WaitForExit();
        var published = new[] { signals, exits }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return second.Process.ExitCode == 2 && second.Output.Contains("another LogicEngine", StringComparison.Ordinal) && published == 0
            ? null
            : $"second cst run #{n} on the same store exited {second.Process.ExitCode} having written {published} bytes of signals/exits (expected exit 2, refused by the lease, nothing published):\n{Tail(second.Output)}";
    }

    /// <summary>An http URL where nothing listens: every Kraken and CryptoCompare request is refused.</summary>
    private static string DeadUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}

/// <summary>One start of <c>cst run</c>: its number, when, at which frame; whether it was later killed, or refused by the lease.</summary>
internal sealed record SoakStart(int Number, DateTime StartedUtc, int AtFrame, int? KilledAtFrame, bool RefusedByLease);

/// <summary>The soak's files: one database and one log for every process, signals and exits per process (cst run truncates them at start).</summary>
internal sealed record SoakFiles(string Directory)
{
    public string Database => Path.Combine(Directory, "soak.db");

    public string Log => Path.Combine(Directory, "soak.log");

    public string Signals(int start) => Path.Combine(Directory, $"signals-{start}.jsonl");

    public string Exits(int start) => Path.Combine(Directory, $"exits-{start}.jsonl");

    /// <summary>Lines of every <paramref name="prefix"/>-N.jsonl in start order.</summary>
    public List<string> Lines(string prefix)
    {
        var lines = new List<string>();
        for (var n = 1; File.Exists(Path.Combine(Directory, $"{prefix}-{n}.jsonl")); n++)
        {
            using var stream = new FileStream(Path.Combine(Directory, $"{prefix}-{n}.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return lines;
    }
}

/// <summary>The machine's load averages (1, 5, 15 min) as /proc/loadavg says.</summary>
internal static class SoakLoad
{
    public static string Read() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

/// <summary>Clears the SQLite connection pools so the soak's files can be read and deleted.</summary>
internal static class SqliteConnectionPools
{
    public static void Clear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
