using System.Globalization;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>Percentiles (nearest rank) of one stage's latencies in milliseconds.</summary>
/// <param name="Stage">What was timed.</param>
/// <param name="Samples">How many.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
/// <param name="Mean">Mean.</param>
public sealed record LatencySummary(string Stage, int Samples, double P50, double P95, double P99, double Max, double Mean)
{
    /// <summary>Summarizes <paramref name="milliseconds"/>; all zero when there are none.</summary>
    public static LatencySummary Of(string stage, IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new LatencySummary(stage, 0, 0, 0, 0, 0, 0)
            : new LatencySummary(stage, sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    /// <summary>The header line of <see cref="ToString"/>'s table.</summary>
    public static string Header => $"{"stage",-58} {"n",5} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"mean",8}";

    /// <summary>One table row, milliseconds with one decimal.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stage,-58} {Samples,5} {P50,8:0.0} {P95,8:0.0} {P99,8:0.0} {Max,8:0.0} {Mean,8:0.0}");

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
