using System.Diagnostics;
using System.Globalization;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Pipeline.Tests;
using Cloud = CryptoSignalTracker.DevCloud.LocalCloud;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// <c>localcloud-scale</c>: the same pipeline as <see cref="LocalCloudLatency"/> (Ingestor, Aggregator, LogicEngine on the
/// emulators, production Ingestor settings) on <see cref="ScaleFeed"/>'s synthetic market of many symbols, fed in real
/// time. Over the timed minutes it measures minute close to ENTRY published, each function's CPU time per minute (from
/// the kernel's account of its process) and the Firestore reads, writes and deletes per minute
/// (<see cref="FirestoreCountingProxy"/> between the functions and the emulator).
/// </summary>
public static class LocalCloudScale
{
    /// <summary>The command-line verb the benchmarks' <c>Program</c> dispatches on.</summary>
    public const string Verb = "localcloud-scale";

    private const long MinuteMs = 60_000;
    private static readonly string[] _functions = ["Ingestor", "Aggregator", "LogicEngine"];

    /// <summary>Runs the measurement; returns the process exit code (0 when every candle came and there were ENTRY samples).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        LocalCloudScaleOptions options;
        try
        {
            options = LocalCloudScaleOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{Verb}: {ex.Message}");
            return 2;
        }

        if (EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable) is not { } emulators)
        {
            await Console.Error.WriteLineAsync($"{Verb}: set PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST (scripts/emulators.sh); the Firestore counter sits in front of that emulator");
            return 2;
        }

        var window = options.Minutes - options.WarmupMinutes - options.SettleMinutes - 1; // whole real-time minutes measured
        await using var recorder = new LatencyRecorder();
        var feed = new ScaleFeed(options);
        var timedStart = feed.MeasuredFromMs;
        var perMinute = feed.Trades.Count / (double)options.Minutes;
        var busiest = feed.Trades.Count(t => t.Symbol == feed.Symbols[0]) / (double)options.Minutes;
        var quietest = feed.Trades.Count(t => t.Symbol == feed.Symbols[^1]) / (double)options.Minutes;
        Console.WriteLine($"{Verb}: {options.Symbols} synthetic symbols (seed {options.Seed}), {options.Minutes} minutes from {WireNames.Time(options.StartMs)}: " +
            $"{options.WarmupMinutes} warm-up at {options.WarmUpSpeed}x, then real time ({options.SettleMinutes} to settle, {window} measured); {feed.Trades.Count} trades ({perMinute:0} a minute; busiest symbol {busiest:0}, quietest {quietest:0}), one per frame; " +
            $"Ingestor settings: the production defaults; emulators {emulators.PubSub}, {emulators.Bigtable}, {emulators.Firestore}");
        Console.WriteLine($"trading config (measurement only): {options.TradingConfig}");
        Console.WriteLine($"load average before: {LocalCloudLatency.LoadAverage()}");
        await using var proxy = await FirestoreCountingProxy.StartAsync(emulators.Firestore);
        var script = new FakeBybitScript
        {
            Trades = feed.Trades,
            Klines = feed.Candles,
            IdText = feed.IdText,
            FrameDelay = TimeSpan.Zero,
            BeforeFrame = feed.BeforeFrameAsync,
            ClockFrameMs = options.StartMs + (options.Minutes * MinuteMs) + 3_000,
        };
        await using var server = await FakeBybitServer.StartAsync(script);
        var project = $"cst-scale-{Guid.NewGuid():N}"[..20];
        var viaProxy = new Dictionary<string, string> { [EmulatorEndpoints.FirestoreVariable] = proxy.Host };
        Cloud? cloud = null;
        try
        {
            var started = DateTime.UtcNow;
            cloud = await Cloud.StartAsync(new DevCloudOptions
            {
                RepositoryRoot = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"no {RepositoryLayout.SolutionFile} above {AppContext.BaseDirectory}"),
                Configuration = "Release",
                Functions = _functions,
                ProjectId = project,
                Emulators = emulators,
                Symbols = feed.Symbols,
                BybitUrl = server.WebSocketUrl,
                BybitRestUrl = server.RestUrl,
                TradingConfig = options.TradingConfig,
                LogDirectory = Path.Combine(Path.GetTempPath(), project),
                RequireHealthy = true,
                FunctionStartTimeout = TimeSpan.FromSeconds(180),
                FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Ingestor"] = new Dictionary<string, string>(viaProxy) { ["Bybit__QuietTimeout"] = "00:00:30" },
                    ["Aggregator"] = viaProxy,
                    ["LogicEngine"] = viaProxy,
                },
                BeforeIngestor = recorder.SubscribeAsync,
            });
            Console.WriteLine($"local cloud up in {(DateTime.UtcNow - started).TotalSeconds:0.0} s (project {project}, logs {cloud.LogDirectory}, pids {string.Join(", ", cloud.Functions.Select(f => $"{f.Name} {f.ProcessId}"))}); load average {LocalCloudLatency.LoadAverage()}");
            var pids = cloud.Functions.ToDictionary(f => f.Name, f => f.ProcessId ?? 0);
            var ingestorLog = Path.Combine(cloud.LogDirectory, "Ingestor.log");
            while (feed.TimedFrom is null && !server.Replayed.IsCompleted)
            {
                await Task.Delay(20);
            }

            var measuredFrom = feed.TimedFrom!.Value + TimeSpan.FromMinutes(options.SettleMinutes);
            Console.WriteLine($"real-time minutes start {feed.TimedFrom:HH:mm:ss.fff} UTC, measured from {measuredFrom:HH:mm:ss.fff} for {window} minute(s) of wall time; warm-up candles seen so far {recorder.Candles.Count}; load average {LocalCloudLatency.LoadAverage()}");
            await DelayUntilAsync(measuredFrom);
            var from = Snapshot(proxy, pids, ingestorLog);
            Console.WriteLine($"measuring; candles seen so far {recorder.Candles.Count} of the {options.Symbols * (options.WarmupMinutes + options.SettleMinutes)} before the measured minutes; load average {LocalCloudLatency.LoadAverage()}");
            await DelayUntilAsync(measuredFrom + TimeSpan.FromMinutes(window));

            var to = Snapshot(proxy, pids, ingestorLog);
            Console.WriteLine($"window ended; load average {LocalCloudLatency.LoadAverage()}");
            await server.Replayed.WaitAsync(TimeSpan.FromMinutes(options.Minutes + 5));
            var wanted = options.Symbols * options.Minutes;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
            while (recorder.Candles.Count < wanted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            var check = Check(options, feed, recorder, wanted, cloud);
            Console.WriteLine(check);
            Report(feed, recorder, from, to, window, timedStart);
            Console.WriteLine($"load average after: {LocalCloudLatency.LoadAverage()}");
            return recorder.Candles.Count >= wanted && recorder.Entries.Values.Any(e => e.MinuteMs >= timedStart) ? 0 : 1;
        }
        finally
        {
            if (cloud is not null)
            {
                await cloud.DisposeAsync();
            }
        }
    }

    private static async Task DelayUntilAsync(DateTime when)
    {
        if (when > DateTime.UtcNow)
        {
            await Task.Delay(when - DateTime.UtcNow);
        }
    }

    private sealed record Counters(DateTime At, long Reads, long Writes, long Deletes, Dictionary<string, long> Calls, Dictionary<string, TimeSpan> Cpu, long Batches);

    /// <summary>The counters now; <paramref name="ingestorLog"/>'s "Published batch" lines are the trade batches (each a push to the Aggregator).</summary>
    private static Counters Snapshot(FirestoreCountingProxy proxy, Dictionary<string, int> pids, string ingestorLog)
    {
        var (reads, writes, deletes) = proxy.Operations;
        var batches = File.Exists(ingestorLog) ? File.ReadLines(ingestorLog).Count(l => l.Contains("Published batch ", StringComparison.Ordinal)) : 0;
        return new Counters(DateTime.UtcNow, reads, writes, deletes, new Dictionary<string, long>(proxy.Calls, StringComparer.Ordinal),
            pids.ToDictionary(kv => kv.Key, kv => Cpu(kv.Value)), batches);
    }

    private static TimeSpan Cpu(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero; // exited: reported by the check line
        }
    }

    private static void Report(ScaleFeed feed, LatencyRecorder recorder, Counters from, Counters to, int window, long timedStart)
    {
        var minutes = (to.At - from.At).TotalMinutes;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== per minute, over {minutes:0.00} minutes of wall time ({window} measured minute(s)):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Firestore document reads {(to.Reads - from.Reads) / minutes:0}, writes {(to.Writes - from.Writes) / minutes:0}, deletes {(to.Deletes - from.Deletes) / minutes:0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trade batches published by the Ingestor {(to.Batches - from.Batches) / minutes:0} (each a push to the Aggregator, as is each symbol's minute-closed marker)"));
        Console.WriteLine("Firestore calls: " + string.Join(", ", to.Calls.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {(kv.Value - from.Calls.GetValueOrDefault(kv.Key)) / minutes:0}"))));
        foreach (var name in _functions)
        {
            var cpu = (to.Cpu[name] - from.Cpu[name]).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} CPU {cpu / minutes:0.00} s per minute ({cpu / minutes / 60 * 100:0.0} % of one core)"));
        }

        List<double> candlePublished = [], entryPublished = [], entrySeen = [], logicHop = [];
        foreach (var s in recorder.Candles.Values.Where(s => s.MinuteMs >= timedStart))
        {
            if (feed.CloseOf(s.MinuteMs) is { } t0)
            {
                candlePublished.Add((s.PublishedUtc - t0).TotalMilliseconds);
            }
        }

        foreach (var e in recorder.Entries.Values.Where(s => s.MinuteMs >= timedStart))
        {
            if (feed.CloseOf(e.MinuteMs) is { } t0)
            {
                entryPublished.Add((e.PublishedUtc - t0).TotalMilliseconds);
                entrySeen.Add((e.SeenUtc - t0).TotalMilliseconds);
                var last = recorder.Candles.Where(kv => kv.Key.OpenMs == e.MinuteMs).Select(kv => kv.Value.PublishedUtc).DefaultIfEmpty().Max();
                if (last != default)
                {
                    logicHop.Add((e.PublishedUtc - last).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("== milliseconds from the minute's end (the feed's real-time clock) over the measured minutes");
        Console.WriteLine(LatencySummary.Header);
        Console.WriteLine(LatencySummary.Of("   candles-1m event of M published (Aggregator)", candlePublished));
        Console.WriteLine(LatencySummary.Of("   ENTRY decided on M published (LogicEngine)", entryPublished));
        Console.WriteLine(LatencySummary.Of("   ... seen by a pull subscriber", entrySeen));
        Console.WriteLine(LatencySummary.Of("   LogicEngine: M's last candle -> ENTRY published", logicHop));
    }

    private static string Check(LocalCloudScaleOptions options, ScaleFeed feed, LatencyRecorder recorder, int wanted, Cloud cloud)
    {
        var backtest = Backtester.Run([.. feed.Candles.Select(kv => new SymbolSeries(kv.Key, kv.Value))], TradingConfigReader.Parse(options.TradingConfig));
        var expected = backtest.Signals.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var seen = recorder.Entries.Keys.ToHashSet(StringComparer.Ordinal);
        var restarts = cloud.Functions.Where(f => f.Starts != 1 || !f.IsRunning).Select(f => $"{f.Name} starts={f.Starts} running={f.IsRunning}").ToList();
        var log = Path.Combine(cloud.LogDirectory, "Ingestor.log");
        var corrections = File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains("Correcting ", StringComparison.Ordinal)) : 0;
        return $"{recorder.Candles.Count}/{wanted} candle events, {seen.Count} entries ({expected.Count} by the backtester, {seen.Intersect(expected).Count()} in both), {recorder.Exits.Count} exits, {corrections} corrections (Ingestor log)" +
            (restarts.Count == 0 ? string.Empty : "; PROCESS TROUBLE: " + string.Join(", ", restarts));
    }
}
