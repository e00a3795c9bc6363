namespace CryptoSignalTracker.Core.Statistics;

/// <summary>A bootstrap percentile confidence interval.</summary>
/// <param name="Estimate">The statistic on the sample itself.</param>
/// <param name="Lower">Lower bound; null when undefined (e.g. a profit factor without losing trades).</param>
/// <param name="Upper">Upper bound; null when undefined.</param>
/// <param name="Confidence">Coverage, e.g. 0.95.</param>
public sealed record BootstrapInterval(double? Estimate, double? Lower, double? Upper, double Confidence);
