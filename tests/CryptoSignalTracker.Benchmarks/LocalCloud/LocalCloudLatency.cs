using System.Globalization;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Pipeline.Tests;
using Cloud = CryptoSignalTracker.DevCloud.LocalCloud;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// <c>localcloud-latency</c>: minute close on the exchange to ENTRY published, through the local cloud (<see cref="Cloud"/>:
/// Pub/Sub, Bigtable and Firestore emulators, the Ingestor, Aggregator and LogicEngine as their own processes fed by
/// push subscriptions), for this build and, with <c>--peer-root</c>, an older build beside it, runs alternating. The
/// fake Bybit replays <see cref="BoundaryFeed"/>'s trades (five per real BTCUSDT and SOLUSDT 1-minute candle); t0 is
/// when the frame that first crosses minute M's end went out, then this process's pull subscribers see M's markers,
/// <c>candles-1m</c> events and the ENTRY decided on M on <c>trade-signals-micro</c>, with Pub/Sub's publish times. A
/// measured multi-process run printing percentiles: BenchmarkDotNet's invoke-many-times model does not fit it.
/// </summary>
public static class LocalCloudLatency
{
    /// <summary>The command-line verb the benchmarks' <c>Program</c> dispatches on.</summary>
    public const string Verb = "localcloud-latency";

    private const long MinuteMs = 60_000;
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the measurement; returns the process exit code (0 when every configuration has ENTRY samples).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        LocalCloudLatencyOptions options;
        try
        {
            options = LocalCloudLatencyOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{Verb}: {ex.Message}");
            return 2;
        }

        var root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"no {RepositoryLayout.SolutionFile} above {AppContext.BaseDirectory}");
        List<(string Name, string Root)> configs = [("current", root)];
        if (options.PeerRoot is { } peer)
        {
            configs.Add(("peer", peer));
        }

        var emulators = EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable);
        Console.WriteLine($"{Verb}: {options.Runs} run(s) of each of {string.Join(", ", configs.Select(c => $"{c.Name} ({c.Root} at {Commit(c.Root)})"))}, alternating; " +
            $"{options.Minutes} minutes from {WireNames.Time(options.StartMs)} ({options.WarmupMinutes} warm-up), {string.Join("+", options.Symbols)}, 5 trades per candle, " +
            $"timed minutes every {options.MinuteWall.TotalMilliseconds} ms of wall time (their first 2 s in real time), frames {options.FrameDelay.TotalMilliseconds} ms apart; " +
            $"Ingestor BatchInterval {options.BatchInterval?.ToString() ?? "each build's default"}, CloseGrace {options.CloseGrace?.ToString() ?? "each build's default"}; " +
            $"emulators {(emulators is null ? "started by LocalCloud per run" : "from the environment (" + emulators.PubSub + ")")}");
        Console.WriteLine($"trading config (measurement only): {options.TradingConfig}");
        Console.WriteLine($"load average before: {LoadAverage()}");
        var results = configs.ToDictionary(c => c.Name, _ => new List<RunResult>());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var (name, configRoot) in configs)
            {
                var result = await RunOnceAsync(options, emulators, name, configRoot, run);
                results[name].Add(result);
                Print($"{name}, run {run} (timed minutes {options.WarmupMinutes}..{options.Minutes - 2})", result);
            }
        }

        foreach (var (name, _) in configs)
        {
            Print($"{name}: all {options.Runs} run(s)", Merge(results[name]));
        }

        Console.WriteLine();
        Console.WriteLine("== summary: milliseconds from the exchange's minute close (t0) to the LogicEngine's ENTRY publish (Pub/Sub publish time)");
        Console.WriteLine(LatencySummary.Header);
        foreach (var (name, _) in configs)
        {
            var merged = Merge(results[name]);
            Console.WriteLine(LatencySummary.Of($"{name}: close -> candle published", merged.CandlePublished));
            Console.WriteLine(LatencySummary.Of($"{name}: close -> ENTRY published", merged.EntryPublished));
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        return results.Values.All(r => Merge(r).EntryPublished.Count > 0) ? 0 : 1;
    }

    private static RunResult Merge(List<RunResult> results) => new(
            [.. results.SelectMany(r => r.MarkerPublished)], [.. results.SelectMany(r => r.CandleSeen)], [.. results.SelectMany(r => r.CandlePublished)],
            [.. results.SelectMany(r => r.EntrySeen)], [.. results.SelectMany(r => r.EntryPublished)],
            [.. results.SelectMany(r => r.AggregatorHop)], [.. results.SelectMany(r => r.LogicEngineHop)],
            string.Join("; ", results.Select(r => r.Check)));

    private static async Task<RunResult> RunOnceAsync(LocalCloudLatencyOptions options, EmulatorEndpoints? emulators, string config, string root, int run)
    {
        var candles = options.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, options.StartMs, options.Minutes));
        var project = $"cst-lat-{Guid.NewGuid():N}"[..20];
        await using var recorder = new LatencyRecorder();
        var warmEnd = options.StartMs + (options.WarmupMinutes * MinuteMs);
        var feed = new BoundaryFeed(options, candles, () => recorder.Candles.Keys.Count(k => k.OpenMs < warmEnd));
        var script = new FakeBybitScript
        {
            Trades = feed.Trades,
            Klines = candles,
            IdText = BoundaryFeed.IdText,
            FrameDelay = options.FrameDelay,
            BeforeFrame = feed.BeforeFrameAsync,
            ClockFrameMs = options.StartMs + (options.Minutes * MinuteMs) + 3_000,
        };
        await using var server = await FakeBybitServer.StartAsync(script);
        var ingestor = new Dictionary<string, string> { ["Bybit__QuietTimeout"] = "00:00:30" }; // no watchdog reconnect on a busy machine
        if (options.BatchInterval is { } batch)
        {
            ingestor["Ingestor__BatchInterval"] = batch.ToString("c", CultureInfo.InvariantCulture);
        }

        if (options.CloseGrace is { } grace)
        {
            ingestor["Ingestor__CloseGrace"] = grace.ToString("c", CultureInfo.InvariantCulture);
        }

        Cloud? cloud = null;
        try
        {
            var started = DateTime.UtcNow;
            cloud = await Cloud.StartAsync(new DevCloudOptions
            {
                RepositoryRoot = root,
                Configuration = "Release",
                Functions = ["Ingestor", "Aggregator", "LogicEngine"],
                ProjectId = project,
                Emulators = emulators,
                Symbols = options.Symbols,
                BybitUrl = server.WebSocketUrl,
                BybitRestUrl = server.RestUrl,
                TradingConfig = options.TradingConfig,
                LogDirectory = Path.Combine(Path.GetTempPath(), project),
                RequireHealthy = true,
                FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["Ingestor"] = ingestor },
                BeforeIngestor = recorder.SubscribeAsync,
            });
            Console.WriteLine($"{config} run {run}: local cloud up in {(DateTime.UtcNow - started).TotalSeconds:0.0} s (project {project}, pids {string.Join(", ", cloud.Functions.Select(f => $"{f.Name} {f.ProcessId}"))}); replaying {feed.Trades.Count} frames; load average {LoadAverage()}");
            var replayTime = (options.FrameDelay * feed.Trades.Count) + (options.MinuteWall * options.Minutes) + options.WarmUpTimeout + _drainTimeout;
            await server.Replayed.WaitAsync(replayTime);
            var wanted = options.Symbols.Count * options.Minutes;
            var deadline = DateTime.UtcNow + _drainTimeout;
            while (recorder.Candles.Count < wanted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await Task.Delay(_settle); // the last minute's signals and any stragglers
            var check = Check(options, candles, recorder, wanted, cloud);
            Console.WriteLine($"{config} run {run}: {check}; the timed minutes waited {feed.WarmUpWait?.TotalSeconds:0.0} s for the warm-up candles; load average {LoadAverage()}");
            if (options.SamplesFile is { } file)
            {
                await File.AppendAllLinesAsync(file, Samples(config, run, feed, recorder, warmEnd));
            }

            return Measure(feed, recorder, check, m => m >= warmEnd);
        }
        finally
        {
            if (cloud is not null)
            {
                await cloud.DisposeAsync(); // each process by its own pid, the Ingestor first
            }
        }
    }

    private static RunResult Measure(BoundaryFeed feed, LatencyRecorder recorder, string check, Func<long, bool> timed)
    {
        List<double> markerPublished = [], markerSeen = [], candleSeen = [], candlePublished = [], entrySeen = [], entryPublished = [];
        void Add(Sighting s, List<double> seen, List<double> published)
        {
            if (timed(s.MinuteMs) && feed.CloseOf(s.MinuteMs) is { } t0)
            {
                seen.Add((s.SeenUtc - t0).TotalMilliseconds);
                published.Add((s.PublishedUtc - t0).TotalMilliseconds);
            }
        }

        foreach (var s in recorder.Markers.Values)
        {
            Add(s, markerSeen, markerPublished);
        }

        foreach (var s in recorder.Candles.Values)
        {
            Add(s, candleSeen, candlePublished);
        }

        foreach (var s in recorder.Entries.Values)
        {
            Add(s, entrySeen, entryPublished);
        }

        // Hops between publish times (one clock: the emulator's), independent of t0.
        List<double> aggregatorHop = [], logicEngineHop = [];
        foreach (var ((symbol, minute), candle) in recorder.Candles)
        {
            if (timed(minute) && feed.CloseOf(minute) is not null && recorder.Markers.TryGetValue((symbol, minute), out var marker))
            {
                aggregatorHop.Add((candle.PublishedUtc - marker.PublishedUtc).TotalMilliseconds);
            }
        }

        foreach (var entry in recorder.Entries.Values.Where(e => timed(e.MinuteMs) && feed.CloseOf(e.MinuteMs) is not null))
        {
            var candles = recorder.Candles.Where(kv => kv.Key.OpenMs == entry.MinuteMs).Select(kv => kv.Value.PublishedUtc).ToList();
            if (candles.Count > 0)
            {
                logicEngineHop.Add((entry.PublishedUtc - candles.Max()).TotalMilliseconds);
            }
        }

        return new RunResult(markerPublished, candleSeen, candlePublished, entrySeen, entryPublished, aggregatorHop, logicEngineHop, check);
    }

    /// <summary>Sanity: every candle event came, and the entries are the backtester's on the same candles.</summary>
    private static string Check(LocalCloudLatencyOptions options, Dictionary<string, IReadOnlyList<Candle>> candles, LatencyRecorder recorder, int wanted, Cloud cloud)
    {
        var backtest = Backtester.Run([.. candles.Select(kv => new SymbolSeries(kv.Key, kv.Value))], TradingConfigReader.Parse(options.TradingConfig));
        var expected = backtest.Signals.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var seen = recorder.Entries.Keys.ToHashSet(StringComparer.Ordinal);
        var restarts = cloud.Functions.Where(f => f.Starts != 1 || !f.IsRunning).Select(f => $"{f.Name} starts={f.Starts} running={f.IsRunning}").ToList();
        return $"{recorder.Candles.Count}/{wanted} candle events, {seen.Count} entries ({expected.Count} by the backtester, {seen.Intersect(expected).Count()} in both), {recorder.Exits.Count} exits, {recorder.Received} messages pulled" +
            (restarts.Count == 0 ? string.Empty : "; PROCESS TROUBLE: " + string.Join(", ", restarts));
    }

    /// <summary>CSV rows: config, run, kind, symbol or signal id, minute, t0, then seen and published as ms after t0.</summary>
    private static IEnumerable<string> Samples(string config, int run, BoundaryFeed feed, LatencyRecorder recorder, long warmEnd)
    {
        IEnumerable<(string Kind, string Key, Sighting S)> all =
        [
            .. recorder.Markers.Select(kv => ("marker", kv.Key.Symbol, kv.Value)),
            .. recorder.Candles.Select(kv => ("candle", kv.Key.Symbol, kv.Value)),
            .. recorder.Entries.Select(kv => ("entry", kv.Key, kv.Value)),
        ];
        foreach (var (kind, key, s) in all.Where(x => x.S.MinuteMs >= warmEnd).OrderBy(x => x.S.MinuteMs).ThenBy(x => x.Kind, StringComparer.Ordinal))
        {
            if (feed.CloseOf(s.MinuteMs) is { } t0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{config},{run},{kind},{key},{WireNames.Time(s.MinuteMs)},{t0:O},{(s.SeenUtc - t0).TotalMilliseconds:0.0},{(s.PublishedUtc - t0).TotalMilliseconds:0.0}");
            }
        }
    }

    private static void Print(string title, RunResult r)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}: milliseconds from t0 (the frame first crossing minute M's end went out)");
        Console.WriteLine(LatencySummary.Header);
        Console.WriteLine(LatencySummary.Of("   minute-closed marker published (Ingestor)", r.MarkerPublished));
        Console.WriteLine(LatencySummary.Of("   candles-1m event of M published (Aggregator)", r.CandlePublished));
        Console.WriteLine(LatencySummary.Of("   ... seen by a pull subscriber", r.CandleSeen));
        Console.WriteLine(LatencySummary.Of("   ENTRY decided on M published (LogicEngine)", r.EntryPublished));
        Console.WriteLine(LatencySummary.Of("   ... seen by a pull subscriber", r.EntrySeen));
        Console.WriteLine("hops (publish time to publish time; no t0):");
        Console.WriteLine(LatencySummary.Of("   Aggregator: marker published -> candle published", r.AggregatorHop));
        Console.WriteLine(LatencySummary.Of("   LogicEngine: M's last candle published -> ENTRY published", r.LogicEngineHop));
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Commit(string root)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true })!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : "unknown commit";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown commit (no git)";
        }
    }

    private sealed record RunResult(
        List<double> MarkerPublished, List<double> CandleSeen, List<double> CandlePublished, List<double> EntrySeen, List<double> EntryPublished,
        List<double> AggregatorHop, List<double> LogicEngineHop, string Check);
}
