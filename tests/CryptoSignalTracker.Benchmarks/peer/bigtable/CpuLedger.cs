using System.Collections.Concurrent;

namespace CryptoSignalTracker.Benchmarks.Peer.Bigtable;

/// <summary>
/// Client CPU seconds per benchmark invocation, recorded by the benchmarks themselves (BenchmarkDotNet
/// measures wall time only). Works because <see cref="BigtableWriteBenchmarks"/> runs in-process.
/// </summary>
public static class CpuLedger
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<double>> Samples = new();

    /// <summary>Records one invocation's CPU seconds under <paramref name="key"/> (usually the benchmark method name).</summary>
    public static void Record(string key, double cpuSeconds) => Samples.GetOrAdd(key, _ => new()).Enqueue(cpuSeconds);

    /// <summary>Mean CPU seconds recorded under <paramref name="key"/>, or null when nothing was recorded.</summary>
    public static double? Mean(string key) => Samples.TryGetValue(key, out var q) && !q.IsEmpty ? q.Average() : null;
}
