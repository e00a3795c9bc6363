using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Benchmarks.Peer.Bigtable;

/// <summary>
/// Writes 100,000 one-minute candles to a fresh table on the Bigtable emulator (BIGTABLE_EMULATOR_HOST):
/// our <see cref="BigtableCandleStore"/> against Google's official Node client (peer/bigtable/write.js,
/// same rows, same batching: 10,000 rows per MutateRows, 2 in flight). Reports rows/s and client CPU
/// seconds (the benchmark's own process for ours; for the peer the whole node process, startup included,
/// and separately its write phase alone, measured by node's process.cpuUsage()).
/// Run: <c>bash tests/CryptoSignalTracker.Benchmarks/peer/bigtable/run.sh</c>.
/// </summary>
[Config(typeof(Config))]
public class BigtableWriteBenchmarks
{
    /// <summary>Candles written per operation.</summary>
    public const int Rows = 100_000;

    private const string Symbol = "BTCUSDT";
    private const string Instance = "cst-bench";
    private const string Project = "cst-bench";
    private const string WritePhase = " (write phase)";

    private GoogleChannelFactory _channels = null!;
    private Candle[] _candles = null!;
    private string _rowsFile = null!;
    private string _host = null!;
    private BigtableCandleStoreOptions _options = null!;
    private BigtableTableManager _manager = null!;
    private BigtableCandleStore _store = null!;
    private TimeSpan _cpuBefore;

    /// <summary>Loads the candles, prepares the peer's input file and the channel.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _host = Environment.GetEnvironmentVariable("BIGTABLE_EMULATOR_HOST") is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException("BIGTABLE_EMULATOR_HOST is not set; run peer/bigtable/run.sh, which starts an emulator.");
        if (!File.Exists(Path.Combine(PeerDirectory, ".peer", "node_modules", "@google-cloud", "bigtable", "package.json")))
        {
            throw new InvalidOperationException($"the Node client is not installed in {PeerDirectory}/.peer; run peer/bigtable/run.sh.");
        }

        _candles = BenchCandles(Rows);
        _rowsFile = Path.Combine(Path.GetTempPath(), $"cst-bench-rows-{Environment.ProcessId}.csv");
        var csv = new StringBuilder();
        foreach (var c in _candles)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{CandleRowCodec.RowKeyText(Symbol, c.OpenTimeMs)},{WireNames.Number(c.Open)},{WireNames.Number(c.High)},")
                .Append(CultureInfo.InvariantCulture, $"{WireNames.Number(c.Low)},{WireNames.Number(c.Close)},{WireNames.Number(c.Volume)},{c.Trades},")
                .Append(CultureInfo.InvariantCulture, $"{WireNames.Number(c.BuyVolume)},{WireNames.Number(c.SellVolume)}\n");
        }

        File.WriteAllText(_rowsFile, csv.ToString());
        _channels = new GoogleChannelFactory();
    }

    /// <summary>Deletes the peer's input file and the channel.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_rowsFile);
        _channels.Dispose();
    }

    /// <summary>A fresh table per iteration (the emulator keeps everything in memory).</summary>
    [IterationSetup]
    public void CreateTable()
    {
        _options = new BigtableCandleStoreOptions { ProjectId = Project, InstanceId = Instance, TableId = "bench-" + Guid.NewGuid().ToString("N")[..12] };
        _manager = new BigtableTableManager(_channels, _options);
        _manager.CreateIfAbsentAsync().GetAwaiter().GetResult();
        _store = new BigtableCandleStore(_channels, _options);
        _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Records this process's CPU for our store, then drops the table.</summary>
    [IterationCleanup(Target = nameof(OurStore_Write100k))]
    public void RecordOurCpu()
    {
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore).TotalSeconds;
        CpuLedger.Record(nameof(OurStore_Write100k), cpu);
        CpuLedger.Record(nameof(OurStore_Write100k) + WritePhase, cpu);
        _manager.DeleteAsync().GetAwaiter().GetResult();
    }

    /// <summary>Drops the peer's table (its CPU is recorded from its own report).</summary>
    [IterationCleanup(Target = nameof(NodeClient_Write100k))]
    public void DropPeerTable() => _manager.DeleteAsync().GetAwaiter().GetResult();

    /// <summary>Ours: one WriteAsync of 100,000 candles.</summary>
    [Benchmark]
    public void OurStore_Write100k() => _store.WriteAsync(Symbol, _candles).GetAwaiter().GetResult();

    /// <summary>Peer: Google's Node client writing the same rows (node started per operation).</summary>
    [Benchmark(Baseline = true)]
    public void NodeClient_Write100k()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "write.js", Project, Instance, _options.TableId, _rowsFile })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["METADATA_SERVER_DETECTION"] = "none";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"write.js exited with {process.ExitCode}: {stderr.Result}");
        }

        using var report = JsonDocument.Parse(stdout);
        CpuLedger.Record(nameof(NodeClient_Write100k), report.RootElement.GetProperty("totalCpuSeconds").GetDouble());
        CpuLedger.Record(nameof(NodeClient_Write100k) + WritePhase, report.RootElement.GetProperty("writeCpuSeconds").GetDouble());
    }

    private static string PeerDirectory => Path.Combine(RepositoryRoot(), "tests", "CryptoSignalTracker.Benchmarks", "peer", "bigtable");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no CryptoSignalTracker.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// <paramref name="count"/> candles: the bundled real BTCUSDT minutes (data/sample), repeated after
    /// their own span with shifted times until there are enough, with trades and taker split filled in.
    /// </summary>
    private static Candle[] BenchCandles(int count)
    {
        var path = Path.Combine(RepositoryRoot(), "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
        var real = File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(f => new Candle(
            DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            double.Parse(f[1], CultureInfo.InvariantCulture),
            double.Parse(f[2], CultureInfo.InvariantCulture),
            double.Parse(f[3], CultureInfo.InvariantCulture),
            double.Parse(f[4], CultureInfo.InvariantCulture),
            double.Parse(f[5], CultureInfo.InvariantCulture))).ToArray();
        var span = real[^1].OpenTimeMs - real[0].OpenTimeMs + 60_000;
        return Enumerable.Range(0, count).Select(i =>
        {
            var c = real[i % real.Length];
            var buy = Math.Round(c.Volume * 0.55, 3);
            return c with { OpenTimeMs = c.OpenTimeMs + (span * (i / real.Length)), Trades = 20 + (i % 500), BuyVolume = buy, SellVolume = c.Volume - buy };
        }).ToArray();
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process so the CPU ledger is shared with the columns; each op is seconds long, so 1 invocation per iteration.
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("InProcess-3x"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(new RowsPerSecondColumn(Rows), new CpuSecondsColumn(), new CpuSecondsColumn(Rows), new CpuSecondsColumn(0, WritePhase), new CpuSecondsColumn(Rows, WritePhase));
        }
    }
}
