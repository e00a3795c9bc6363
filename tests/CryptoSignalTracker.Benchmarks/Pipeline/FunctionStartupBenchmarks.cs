using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// Start-up of each function (issue 5 item 9, target ≤ 300 ms to the first healthy answer) beside a bare ASP.NET Core
/// app (tests/CryptoSignalTracker.Pipeline.Tests/startup/BareApp: one <c>/health</c> route) started the same way in
/// the same run. One invocation = <c>dotnet NAME.dll</c> (the Release build output; build the functions and BareApp
/// with <c>-c Release</c> first) started with PORT, the embedded backend and the settings it needs, timed from
/// <see cref="System.Diagnostics.Process.Start()"/> to the first 200 from <c>GET /health</c> (polled every 2 ms).
/// After each start the process's resident set and private memory are read from /proc and the process is killed; the
/// medians are printed at the end of each case (BenchmarkDotNet's MemoryDiagnoser sees only this process).
/// The bare app is built with the Web SDK, which turns on the server GC; the functions use the workstation GC, so the
/// bare app is also measured with <c>DOTNET_gcServer=0</c>.
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(Config))]
public class FunctionStartupBenchmarks
{
    /// <summary>Measured starts per app.</summary>
    public const int Starts = 15;

    private readonly List<(double RssMiB, double PrivateMiB, double FirstAnswerMs, int FirstStatus)> _samples = [];
    private FunctionProcess? _current;
    private string _app = string.Empty;
    private string _loadAtStart = string.Empty;

    /// <summary>Notes the load.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _samples.Clear();
        _loadAtStart = LoadAverage();
    }

    /// <summary>Prints the medians of memory and of the first answer for this case.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var last = _samples.TakeLast(Starts).ToArray();
        if (last.Length == 0)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"// startup {_app}: {last.Length} starts; median RSS {Median(last.Select(s => s.RssMiB)):0.0} MiB, median private {Median(last.Select(s => s.PrivateMiB)):0.0} MiB, median first answer {Median(last.Select(s => s.FirstAnswerMs)):0.0} ms (first statuses {string.Join(",", last.Select(s => s.FirstStatus).Distinct())}); load at start {_loadAtStart}, at end {LoadAverage()}");
        Console.WriteLine(line);
        var dir = Path.Combine(SignalMinute.RepoRoot(), "BenchmarkDotNet.Artifacts", "pipeline");
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "startup.txt"), $"{DateTimeOffset.UtcNow:O} {line}\n");
    }

    /// <summary>Reads the memory of the started process, then kills it.</summary>
    [IterationCleanup]
    public void Stop()
    {
        if (_current is { } fn)
        {
            var (rss, priv) = fn.Memory();
            _samples.Add((rss, priv, fn.FirstAnswerMs, (int)fn.FirstStatus));
            fn.Dispose();
            _current = null;
        }
    }

    /// <summary>The peer: a bare ASP.NET Core app with one route (server GC, as the Web SDK builds it).</summary>
    [Benchmark(Baseline = true)]
    public Task<double> BareAspNetCore() => StartAsync("BareApp", BareAppDll());

    /// <summary>The same bare app on the workstation GC (as the functions run).</summary>
    [Benchmark]
    public Task<double> BareAspNetCoreWorkstationGc() => StartAsync("BareApp", BareAppDll(), ("DOTNET_gcServer", "0"));

    /// <summary>Ingestor (its Bybit websocket is a closed local port: healthy at first, then reconnecting).</summary>
    [Benchmark]
    public Task<double> Ingestor() => StartAsync("Ingestor", FunctionDll("Ingestor"), ("Bybit__InitialBackoff", "00:00:01"));

    /// <summary>Aggregator.</summary>
    [Benchmark]
    public Task<double> Aggregator() => StartAsync("Aggregator", FunctionDll("Aggregator"), ("Hosting__DeadLetterTopic", "raw-tick-data-bybit-dead-letter"));

    /// <summary>LogicEngine.</summary>
    [Benchmark]
    public Task<double> LogicEngine() => StartAsync("LogicEngine", FunctionDll("LogicEngine"), ("Hosting__DeadLetterTopic", "candles-1m-dead-letter"));

    /// <summary>MacroEngine.</summary>
    [Benchmark]
    public Task<double> MacroEngine() => StartAsync("MacroEngine", FunctionDll("MacroEngine"));

    /// <summary>Notifier.</summary>
    [Benchmark]
    public Task<double> Notifier() => StartAsync("Notifier", FunctionDll("Notifier"), ("Hosting__DeadLetterTopic", "trade-signals-micro-dead-letter"));

    /// <summary>TelegramWebhook.</summary>
    [Benchmark]
    public Task<double> TelegramWebhook() => StartAsync("TelegramWebhook", FunctionDll("TelegramWebhook"));

    /// <summary>ChartRenderer.</summary>
    [Benchmark]
    public Task<double> ChartRenderer() => StartAsync("ChartRenderer", FunctionDll("ChartRenderer"));

    private async Task<double> StartAsync(string app, string dll, params (string Key, string Value)[] env)
    {
        _app = env.Length == 0 ? app : $"{app} ({string.Join(",", env.Select(e => $"{e.Key}={e.Value}"))})";
        _current = FunctionProcess.Start(dll, env.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        return await _current.WaitHealthyAsync();
    }

    private static string FunctionDll(string name) => Existing(Path.Combine(SignalMinute.RepoRoot(), "functions", name, "bin", "Release", "net10.0", name + ".dll"));

    private static string BareAppDll() =>
        Existing(Path.Combine(SignalMinute.RepoRoot(), "tests", "CryptoSignalTracker.Pipeline.Tests", "startup", "BareApp", "bin", "Release", "net10.0", "BareApp.dll"));

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build it with -c Release first");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2)
                .WithIterationCount(Starts).WithInvocationCount(1).WithUnrollFactor(1).WithId("Starts15"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}
