using CryptoSignalTracker.Core.Statistics;

namespace CryptoSignalTracker.Core.Tests.Statistics;

public sealed class SharpeStatisticsTests
{
    private const double DaysPerYear = 250; // the paper's daily observations per year

    /// <summary>
    /// The worked example of Bailey &amp; López de Prado, "The Deflated Sharpe Ratio" (2014): annualised SR 2.5 over
    /// T = 1250 daily returns, N = 100 trials whose Sharpe ratios have annualised variance 0.5, skewness −3,
    /// kurtosis 10: SR₀ ≈ 0.1132 per day and DSR ≈ 0.90.
    /// </summary>
    [Fact]
    public void Deflated_PapersWorkedExample_Is090()
    {
        var sharpe = 2.5 / Math.Sqrt(DaysPerYear);
        var variance = 0.5 / DaysPerYear;

        var expectedMax = SharpeStatistics.ExpectedMaxSharpe(100, variance);
        var dsr = SharpeStatistics.Deflated(sharpe, 1250, -3, 10, 100, variance);

        Assert.Equal(0.1132, expectedMax, 0.0005);
        Assert.Equal(0.90, dsr, 0.005);
    }

    [Fact]
    public void Probabilistic_SharpeEqualToBenchmark_IsOneHalf()
    {
        Assert.Equal(0.5, SharpeStatistics.Probabilistic(0.1, 0.1, 500, -1, 6), 1e-7);
    }

    [Fact]
    public void Probabilistic_FatterLeftTail_LowersTheProbability()
    {
        var normal = SharpeStatistics.Probabilistic(0.1, 0, 250, 0, 3);
        var skewed = SharpeStatistics.Probabilistic(0.1, 0, 250, -3, 10);

        Assert.True(skewed < normal, $"{skewed} should be below {normal}");
        Assert.Equal(NormalDistribution.Cdf(0.1 * Math.Sqrt(249) / Math.Sqrt(1 + (0.5 * 0.01))), normal, 1e-12);
    }

    [Fact]
    public void Probabilistic_OneObservation_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SharpeStatistics.Probabilistic(0.1, 0, 1, 0, 3));
    }

    [Fact]
    public void ExpectedMaxSharpe_MoreTrials_IsHigher_AndOneTrialIsZero()
    {
        Assert.Equal(0, SharpeStatistics.ExpectedMaxSharpe(1, 0.01));
        Assert.True(SharpeStatistics.ExpectedMaxSharpe(1000, 0.01) > SharpeStatistics.ExpectedMaxSharpe(10, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => SharpeStatistics.ExpectedMaxSharpe(0, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => SharpeStatistics.ExpectedMaxSharpe(10, -0.01));
    }

    [Fact]
    public void Moments_KnownSample_MatchesDefinitions()
    {
        // reference values computed independently with Python's statistics module and the moment definitions
        double[] x = [0.01, -0.02, 0.03, 0.005, -0.04, 0.02, 0.0, 0.015];

        var (mean, variance, skewness, kurtosis) = SharpeStatistics.Moments(x);

        Assert.Equal(0.0025, mean, 1e-15);
        Assert.Equal(0.0005142857142857143, variance, 1e-15);
        Assert.Equal(-0.7807637375601459, skewness, 1e-12);
        Assert.Equal(2.60011574074074, kurtosis, 1e-12);
        Assert.Equal(0.0025 / Math.Sqrt(0.0005142857142857143), SharpeStatistics.Sharpe(x), 1e-12);
    }

    [Fact]
    public void Moments_ConstantReturns_NormalShapeAndZeroSharpe()
    {
        double[] x = [0.01, 0.01, 0.01];

        Assert.Equal((0.01, 0.0, 0.0, 3.0), SharpeStatistics.Moments(x));
        Assert.Equal(0, SharpeStatistics.Sharpe(x));
    }

    [Theory]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(0, 0.5)]
    [InlineData(-2.326347874040841, 0.01)]
    [InlineData(3.090232306167813, 0.999)]
    public void NormalDistribution_KnownQuantiles_RoundTrip(double z, double p)
    {
        Assert.Equal(p, NormalDistribution.Cdf(z), 1e-7);
        Assert.Equal(z, NormalDistribution.InverseCdf(p), 1e-6);
    }

    [Fact]
    public void InverseCdf_ProbabilityOutsideZeroOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.InverseCdf(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.InverseCdf(0));
    }
}
