using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// Per-invocation latencies recorded by the benchmarks themselves with <see cref="System.Diagnostics.Stopwatch"/>,
/// beside BenchmarkDotNet's own measurement: the percentiles (p99 included) of the last N recorded, written to the
/// console (the BenchmarkDotNet log) and to <c>BenchmarkDotNet.Artifacts/pipeline/</c> under the repository root.
/// </summary>
internal static class LatencyLog
{
    private static readonly ConcurrentDictionary<string, List<double>> Samples = new(StringComparer.Ordinal);

    /// <summary>Forgets every sample (a new benchmark case, when several run in one process).</summary>
    public static void Clear() => Samples.Clear();

    /// <summary>Records one latency of <paramref name="name"/> in microseconds.</summary>
    public static void Add(string name, double microseconds)
    {
        var list = Samples.GetOrAdd(name, _ => []);
        lock (list)
        {
            list.Add(microseconds);
        }
    }

    /// <summary>Writes the percentiles of the last <paramref name="last"/> samples of <paramref name="name"/> (earlier ones are warm-up).</summary>
    public static void Report(string name, int last, string note)
    {
        if (!Samples.TryGetValue(name, out var list))
        {
            return;
        }

        double[] sorted;
        int total;
        lock (list)
        {
            total = list.Count;
            sorted = [.. list.Skip(Math.Max(0, list.Count - last)).Order()];
        }

        if (sorted.Length == 0)
        {
            return;
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"// latency {name}: {note}; {sorted.Length} of {total} invocations (earlier ones are warm-up), microseconds")
            .AppendLine()
            .Append(CultureInfo.InvariantCulture,
                $"//   min {sorted[0]:0.0} p50 {Rank(sorted, 50):0.0} p90 {Rank(sorted, 90):0.0} p95 {Rank(sorted, 95):0.0} p99 {Rank(sorted, 99):0.0} max {sorted[^1]:0.0} mean {sorted.Average():0.0}; /proc/loadavg at the end: {load}")
            .AppendLine()
            .Append("//   histogram: ").Append(Histogram(sorted))
            .AppendLine()
            .ToString();
        Console.Write(text);
        var dir = Path.Combine(SignalMinute.RepoRoot(), "BenchmarkDotNet.Artifacts", "pipeline");
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "latency.txt"), $"{DateTimeOffset.UtcNow:O}\n{text}");
    }

    /// <summary>Counts per bucket (µs upper bounds 100, 1 000, 10 000, 100 000, 200 000, 400 000, above).</summary>
    private static string Histogram(double[] sorted)
    {
        double[] bounds = [100, 1_000, 10_000, 100_000, 200_000, 400_000];
        string[] names = ["<0.1ms", "0.1-1ms", "1-10ms", "10-100ms", "100-200ms", "200-400ms"];
        var parts = new List<string>();
        var from = 0.0;
        for (var i = 0; i < bounds.Length; i++)
        {
            var lower = from;
            var count = sorted.Count(v => v >= lower && v < bounds[i]);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{names[i]} {count}"));
            from = bounds[i];
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $">=400ms {sorted.Count(v => v >= from)}"));
        return string.Join(", ", parts);
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Rank(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
