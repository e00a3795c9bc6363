using System.Globalization;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Pipeline.Tests;
using Cloud = CryptoSignalTracker.DevCloud.LocalCloud;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// <c>localcloud-latency</c>: trade-to-signal latency through the local cloud (<see cref="Cloud"/>: Pub/Sub, Bigtable
/// and Firestore emulators, the Ingestor, Aggregator and LogicEngine as their own processes fed by push subscriptions).
/// The fake Bybit replays trades synthesized from real BTCUSDT and SOLUSDT 1-minute candles; t0 is when the frame
/// that closes minute M went out (the first frame of minute M+1 with the default <c>CloseGrace</c> 0), t1 when this
/// process's pull subscriber saw M's <c>candles-1m</c> event, t2 when it saw the ENTRY (or EXIT) decided on M on
/// <c>trade-signals-micro</c>. A measured multi-process run printing percentiles: BenchmarkDotNet's
/// invoke-many-times model does not fit one 4-minute run of five processes.
/// </summary>
public static class LocalCloudLatency
{
    /// <summary>The command-line verb the benchmarks' <c>Program</c> dispatches on.</summary>
    public const string Verb = "localcloud-latency";

    private const long MinuteMs = 60_000;
    private const int ServerTimeOffsetMs = 3; // FakeBybitServer stamps a frame's ts at trade time + 3 ms
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the measurement; returns the process exit code (0 when every stage has samples).</summary>
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

        var emulators = EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable);
        Console.WriteLine($"{Verb}: {options.Runs} run(s) of {options.Minutes} minutes from {WireNames.Time(options.StartMs)}, BTCUSDT+SOLUSDT, frame every {options.FrameDelay.TotalMilliseconds} ms, " +
            $"Ingestor BatchInterval {options.BatchInterval}, CloseGrace {options.CloseGrace}; emulators {(emulators is null ? "started by LocalCloud per run" : "from the environment (" + emulators.PubSub + ")")}");
        Console.WriteLine($"load average before: {LoadAverage()}");
        var results = new List<RunResult>();
        var colds = new List<RunResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var (steady, cold) = await RunOnceAsync(options, emulators, run);
            results.Add(steady);
            colds.Add(cold);
            Print($"run {run}, steady state (minutes {options.WarmupMinutes}..{options.Minutes - 2})", steady);
        }

        Print($"all {options.Runs} run(s), cold start (minutes 1..{options.WarmupMinutes - 1} of each run)", Merge(colds));
        var all = Merge(results);
        Print($"all {options.Runs} run(s), steady state (minutes {options.WarmupMinutes}..{options.Minutes - 2} of each run)", all);
        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine($"not measured, by design: production Ingestor settings (CloseGrace 2 s, BatchInterval 5 s) publish a minute's marker 2 s to 7 s after the minute ends on the exchange clock; add that to t1 and t2 above.");
        return all.CandleSeen.Count > 0 && all.EntrySeen.Count > 0 ? 0 : 1;
    }

    private static RunResult Merge(List<RunResult> results) => new(
            [.. results.SelectMany(r => r.MarkerPublished)], [.. results.SelectMany(r => r.CandleSeen)], [.. results.SelectMany(r => r.CandlePublished)],
            [.. results.SelectMany(r => r.EntrySeen)], [.. results.SelectMany(r => r.EntryPublished)],
            [.. results.SelectMany(r => r.ExitSeen)], [.. results.SelectMany(r => r.ExitPublished)],
            [.. results.SelectMany(r => r.AggregatorHop)], [.. results.SelectMany(r => r.LogicEngineHop)], [.. results.SelectMany(r => r.PullHop)],
            results.Sum(r => r.Uncertain), string.Join("; ", results.Select(r => r.Check)));

    private static async Task<(RunResult Steady, RunResult Cold)> RunOnceAsync(LocalCloudLatencyOptions options, EmulatorEndpoints? emulators, int run)
    {
        var trades = SourceData.Trades(options.StartMs, options.Minutes);
        var candles = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, options.StartMs, options.Minutes));
        var closingFrame = ClosingFrames(trades, options);
        var script = new FakeBybitScript
        {
            Trades = trades,
            Klines = candles,
            FrameDelay = options.FrameDelay,
            ClockFrameMs = options.StartMs + (options.Minutes * MinuteMs) + 3_000,
        };
        var project = $"cst-lat-{Guid.NewGuid():N}"[..20];
        await using var server = await FakeBybitServer.StartAsync(script);
        using var clock = new FrameClock(server, trades.Count);
        await using var recorder = new LatencyRecorder();
        Cloud? cloud = null;
        try
        {
            var started = DateTime.UtcNow;
            cloud = await Cloud.StartAsync(new DevCloudOptions
            {
                RepositoryRoot = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"no {RepositoryLayout.SolutionFile} above {AppContext.BaseDirectory}"),
                Configuration = "Release",
                Functions = ["Ingestor", "Aggregator", "LogicEngine"],
                ProjectId = project,
                Emulators = emulators,
                Symbols = SourceData.Symbols,
                BybitUrl = server.WebSocketUrl,
                BybitRestUrl = server.RestUrl,
                TradingConfig = options.TradingConfig,
                LogDirectory = Path.Combine(Path.GetTempPath(), project),
                RequireHealthy = true,
                FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Ingestor"] = new Dictionary<string, string>
                    {
                        ["Ingestor__BatchInterval"] = options.BatchInterval.ToString("c", CultureInfo.InvariantCulture),
                        ["Ingestor__CloseGrace"] = options.CloseGrace.ToString("c", CultureInfo.InvariantCulture),
                        ["Bybit__QuietTimeout"] = "00:00:30", // no watchdog reconnect on a busy machine
                    },
                },
                BeforeIngestor = recorder.SubscribeAsync,
            });
            Console.WriteLine($"run {run}: local cloud up in {(DateTime.UtcNow - started).TotalSeconds:0.0} s (project {project}, pids {string.Join(", ", cloud.Functions.Select(f => $"{f.Name} {f.ProcessId}"))}); replaying {trades.Count} frames");
            var replayTime = (options.FrameDelay * trades.Count) + _drainTimeout;
            await server.Replayed.WaitAsync(replayTime);
            var wanted = SourceData.Symbols.Length * options.Minutes;
            var deadline = DateTime.UtcNow + _drainTimeout;
            while (recorder.Candles.Count < wanted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await Task.Delay(_settle); // the last minute's signals and any stragglers
            var check = Check(options, candles, recorder, wanted, cloud);
            Console.WriteLine($"run {run}: {check}; frame clock: {clock.Polls} polls, {clock.SlowPolls} more than {FrameClock.SlowPoll.TotalMilliseconds} ms apart, longest {clock.MaxPollGap.TotalMilliseconds:0.0} ms");
            if (options.SamplesFile is { } file)
            {
                await File.AppendAllLinesAsync(file, Samples(run, closingFrame, clock, recorder));
            }
            var warm = options.StartMs + (options.WarmupMinutes * MinuteMs);
            return (Measure(closingFrame, clock, recorder, check, m => m >= warm), Measure(closingFrame, clock, recorder, check, m => m < warm));
        }
        finally
        {
            if (cloud is not null)
            {
                await cloud.DisposeAsync(); // each process by its own pid, the Ingestor first
            }
        }
    }

    /// <summary>
    /// For each timed minute M (not the first: the feed joined it midway and it is closed from the REST kline; not the
    /// last: the clock frame that closes it is not counted by the server), the 1-based number of the frame that closes
    /// it: the first whose exchange time (trade time + 3 ms) reaches M's end plus the grace.
    /// </summary>
    private static Dictionary<long, int> ClosingFrames(IReadOnlyList<Trade> trades, LocalCloudLatencyOptions options)
    {
        var result = new Dictionary<long, int>();
        var k = 0;
        for (var m = 1; m < options.Minutes - 1; m++)
        {
            var minute = options.StartMs + (m * MinuteMs);
            var closesAt = minute + MinuteMs + (long)options.CloseGrace.TotalMilliseconds;
            while (k < trades.Count && trades[k].TimeMs + ServerTimeOffsetMs < closesAt)
            {
                k++;
            }

            if (k < trades.Count)
            {
                result[minute] = k + 1;
            }
        }

        return result;
    }

    private static RunResult Measure(Dictionary<long, int> closingFrame, FrameClock clock, LatencyRecorder recorder, string check, Func<long, bool> minutes)
    {
        var uncertain = 0;
        List<double> markerPublished = [], markerSeen = [], candleSeen = [], candlePublished = [], entrySeen = [], entryPublished = [], exitSeen = [], exitPublished = [];
        void Add(Sighting s, List<double> seen, List<double> published)
        {
            if (minutes(s.MinuteMs) && closingFrame.TryGetValue(s.MinuteMs, out var frame) && clock.SentAt(frame) is { } t0)
            {
                if (clock.StampBound(frame) > FrameClock.SlowPoll)
                {
                    uncertain++;
                    return;
                }

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

        foreach (var s in recorder.Exits.Values)
        {
            Add(s, exitSeen, exitPublished);
        }

        // Hops between publish times (one clock: the emulator's), independent of t0.
        List<double> aggregatorHop = [], logicEngineHop = [], pullHop = [];
        foreach (var ((symbol, minute), candle) in recorder.Candles)
        {
            if (minutes(minute) && closingFrame.ContainsKey(minute) && recorder.Markers.TryGetValue((symbol, minute), out var marker))
            {
                aggregatorHop.Add((candle.PublishedUtc - marker.PublishedUtc).TotalMilliseconds);
            }
        }

        foreach (var entry in recorder.Entries.Values.Where(e => minutes(e.MinuteMs) && closingFrame.ContainsKey(e.MinuteMs)))
        {
            var candles = recorder.Candles.Where(kv => kv.Key.OpenMs == entry.MinuteMs).Select(kv => kv.Value.PublishedUtc).ToList();
            if (candles.Count > 0)
            {
                logicEngineHop.Add((entry.PublishedUtc - candles.Max()).TotalMilliseconds);
            }

            pullHop.Add((entry.SeenUtc - entry.PublishedUtc).TotalMilliseconds);
        }

        return new RunResult(markerPublished, candleSeen, candlePublished, entrySeen, entryPublished, exitSeen, exitPublished, aggregatorHop, logicEngineHop, pullHop, uncertain, check);
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

    /// <summary>CSV rows: run, kind, symbol or signal id, minute, t0, then seen and published as ms after t0.</summary>
    private static IEnumerable<string> Samples(int run, Dictionary<long, int> closingFrame, FrameClock clock, LatencyRecorder recorder)
    {
        IEnumerable<(string Kind, string Key, Sighting S)> all =
        [
            .. recorder.Markers.Select(kv => ("marker", kv.Key.Symbol, kv.Value)),
            .. recorder.Candles.Select(kv => ("candle", kv.Key.Symbol, kv.Value)),
            .. recorder.Entries.Select(kv => ("entry", kv.Key, kv.Value)),
            .. recorder.Exits.Select(kv => ("exit", kv.Key, kv.Value)),
        ];
        foreach (var (kind, key, s) in all.OrderBy(x => x.S.MinuteMs).ThenBy(x => x.Kind, StringComparer.Ordinal))
        {
            if (closingFrame.TryGetValue(s.MinuteMs, out var frame) && clock.SentAt(frame) is { } t0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{run},{kind},{key},{WireNames.Time(s.MinuteMs)},{t0:O},{(s.SeenUtc - t0).TotalMilliseconds:0.0},{(s.PublishedUtc - t0).TotalMilliseconds:0.0}");
            }
        }
    }

    private static void Print(string title, RunResult r)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}: milliseconds from t0 (the frame closing minute M went out; stamped within {FrameClock.SlowPoll.TotalMilliseconds} ms; {r.Uncertain} samples left out because the machine stalled the stamp longer)");
        Console.WriteLine(LatencySummary.Header);
        Console.WriteLine(LatencySummary.Of("   minute-closed marker published (Ingestor)", r.MarkerPublished));
        Console.WriteLine(LatencySummary.Of("t1 candles-1m event of M seen by a pull subscriber", r.CandleSeen));
        Console.WriteLine(LatencySummary.Of("   its Pub/Sub publish time (Aggregator published)", r.CandlePublished));
        Console.WriteLine(LatencySummary.Of("t2 ENTRY decided on M seen on trade-signals-micro", r.EntrySeen));
        Console.WriteLine(LatencySummary.Of("   its Pub/Sub publish time (LogicEngine published)", r.EntryPublished));
        Console.WriteLine(LatencySummary.Of("   EXIT on M seen on trade-signals-micro", r.ExitSeen));
        Console.WriteLine(LatencySummary.Of("   its Pub/Sub publish time", r.ExitPublished));
        Console.WriteLine("hops (publish time to publish time; no t0):");
        Console.WriteLine(LatencySummary.Of("   Aggregator: marker published -> candle published", r.AggregatorHop));
        Console.WriteLine(LatencySummary.Of("   LogicEngine: M's last candle published -> ENTRY published", r.LogicEngineHop));
        Console.WriteLine(LatencySummary.Of("   pull subscriber: ENTRY published -> seen", r.PullHop));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record RunResult(
        List<double> MarkerPublished, List<double> CandleSeen, List<double> CandlePublished, List<double> EntrySeen, List<double> EntryPublished,
        List<double> ExitSeen, List<double> ExitPublished, List<double> AggregatorHop, List<double> LogicEngineHop, List<double> PullHop,
        int Uncertain, string Check);
}
