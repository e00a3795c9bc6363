using CryptoSignalTracker.Core.Statistics;

namespace CryptoSignalTracker.Core.Tests.Statistics;

/// <summary>PBO by CSCV on synthetic trials with a known answer (the issue allows synthetic data here).</summary>
public sealed class BacktestOverfittingTests
{
    private const int Trials = 40;
    private const int Days = 320;

    [Fact]
    public void Probability_PureNoiseTrials_IsNearOneHalf()
    {
        var returns = Noise(seed: 7);

        var pbo = BacktestOverfitting.Probability(returns);

        Assert.NotNull(pbo);
        Assert.InRange(pbo.Value, 0.35, 0.65);
    }

    [Fact]
    public void Probability_OneTrialWithARealEdge_IsNearZero()
    {
        var returns = Noise(seed: 7);
        returns[13] = [.. returns[13].Select(r => r + 0.004)]; // +0.4 σ a day: a real edge

        var pbo = BacktestOverfitting.Probability(returns);

        Assert.NotNull(pbo);
        Assert.InRange(pbo.Value, 0, 0.05);
    }

    [Fact]
    public void Probability_OneTrialOrTooFewRows_IsNull()
    {
        Assert.Null(BacktestOverfitting.Probability([Noise(1)[0]]));
        Assert.Null(BacktestOverfitting.Probability([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]));
    }

    [Fact]
    public void Probability_UnequalLengthsOrOddBlocks_Throws()
    {
        Assert.Throws<ArgumentException>(() => BacktestOverfitting.Probability([[0.1, 0.2, 0.3, 0.4], [0.3, 0.2, 0.1]]));
        Assert.Throws<ArgumentException>(() => BacktestOverfitting.Probability(Noise(1), blocks: 15));
    }

    [Fact]
    public void Probability_FewerRowsThanBlocks_UsesFewerBlocks()
    {
        var returns = Noise(seed: 3).Select(r => (IReadOnlyList<double>)[.. r.Take(10)]).ToList();

        var pbo = BacktestOverfitting.Probability(returns);

        Assert.NotNull(pbo);
        Assert.InRange(pbo.Value, 0, 1);
    }

    /// <summary>Independent N(0, 0.01²) daily returns per trial from a seeded generator (Box–Muller).</summary>
    private static List<IReadOnlyList<double>> Noise(int seed)
    {
        var random = new Random(seed);
        var trials = new List<IReadOnlyList<double>>();
        for (var n = 0; n < Trials; n++)
        {
            var r = new double[Days];
            for (var t = 0; t < Days; t++)
            {
                r[t] = 0.01 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            trials.Add(r);
        }

        return trials;
    }
}
