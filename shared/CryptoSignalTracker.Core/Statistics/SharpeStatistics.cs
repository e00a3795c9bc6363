namespace CryptoSignalTracker.Core.Statistics;

/// <summary>
/// The Probabilistic and Deflated Sharpe Ratio (Bailey &amp; López de Prado, "The Sharpe Ratio Efficient Frontier", 2012,
/// and "The Deflated Sharpe Ratio", 2014). Every Sharpe ratio here is per observation (e.g. daily, not annualised);
/// kurtosis is not excess (a normal distribution has 3).
/// </summary>
public static class SharpeStatistics
{
    /// <summary>The Euler–Mascheroni constant γ.</summary>
    public const double EulerMascheroni = 0.5772156649015329;

    /// <summary>
    /// PSR: the probability that the true Sharpe ratio exceeds <paramref name="benchmark"/>, given the observed
    /// <paramref name="sharpe"/> over <paramref name="observations"/> returns with <paramref name="skewness"/> and
    /// <paramref name="kurtosis"/>: Φ((SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 observations.</exception>
    public static double Probabilistic(double sharpe, double benchmark, int observations, double skewness, double kurtosis)
    {
        if (observations < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(observations), observations, "PSR needs at least 2 observations");
        }

        var denominator = 1 - (skewness * sharpe) + ((kurtosis - 1) / 4 * sharpe * sharpe);
        if (!(denominator > 0))
        {
            // the moments are inconsistent with the Sharpe ratio (tiny samples): no information either way
            return sharpe > benchmark ? 1 : sharpe < benchmark ? 0 : 0.5;
        }

        return NormalDistribution.Cdf((sharpe - benchmark) * Math.Sqrt(observations - 1) / Math.Sqrt(denominator));
    }

    /// <summary>
    /// The expected maximum Sharpe ratio of <paramref name="trials"/> independent trials whose Sharpe ratios have
    /// variance <paramref name="trialSharpeVariance"/> and true mean 0:
    /// √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))). 0 for a single trial.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No trials, or a negative variance.</exception>
    public static double ExpectedMaxSharpe(int trials, double trialSharpeVariance)
    {
        if (trials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "at least one trial is needed");
        }

        if (!(trialSharpeVariance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(trialSharpeVariance), trialSharpeVariance, "a variance cannot be negative");
        }

        if (trials == 1)
        {
            return 0;
        }

        return Math.Sqrt(trialSharpeVariance) * (((1 - EulerMascheroni) * NormalDistribution.InverseCdf(1 - (1.0 / trials)))
            + (EulerMascheroni * NormalDistribution.InverseCdf(1 - (1.0 / (trials * Math.E)))));
    }

    /// <summary>DSR: PSR against the expected maximum Sharpe ratio of the trials (<see cref="ExpectedMaxSharpe"/>).</summary>
    public static double Deflated(double sharpe, int observations, double skewness, double kurtosis, int trials, double trialSharpeVariance) =>
        Probabilistic(sharpe, ExpectedMaxSharpe(trials, trialSharpeVariance), observations, skewness, kurtosis);

    /// <summary>Per-observation Sharpe ratio: mean / sample standard deviation; 0 with fewer than 2 returns or no variance.</summary>
    public static double Sharpe(ReadOnlySpan<double> returns)
    {
        var (mean, variance, _, _) = Moments(returns);
        return variance > 0 ? mean / Math.Sqrt(variance) : 0;
    }

    /// <summary>
    /// Mean, sample variance (n − 1), skewness m₃/m₂^1.5 and kurtosis m₄/m₂² (not excess; central moments over n).
    /// Skewness 0 and kurtosis 3 (the normal values) when the returns do not vary.
    /// </summary>
    public static (double Mean, double Variance, double Skewness, double Kurtosis) Moments(ReadOnlySpan<double> returns)
    {
        var n = returns.Length;
        if (n == 0)
        {
            return (0, 0, 0, 3);
        }

        double sum = 0;
        foreach (var r in returns)
        {
            sum += r;
        }

        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var r in returns)
        {
            var d = r - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        if (m2 <= 0 || n < 2)
        {
            return (mean, 0, 0, 3);
        }

        var variance = m2 / (n - 1);
        m2 /= n;
        m3 /= n;
        m4 /= n;
        return (mean, variance, m3 / Math.Pow(m2, 1.5), m4 / (m2 * m2));
    }

    /// <summary>Sample variance (n − 1) of <paramref name="values"/>; 0 with fewer than 2.</summary>
    public static double Variance(ReadOnlySpan<double> values) => Moments(values).Variance;
}
