namespace CryptoSignalTracker.Core.Statistics;

/// <summary>
/// Seeded bootstrap confidence intervals for per-trade statistics: the trades' net PnLs are resampled with
/// replacement <see cref="DefaultResamples"/> times (a fixed seed, so the same trades always give the same
/// interval) and the percentile interval is read off. Expectancy = mean net PnL per trade; profit factor =
/// gross profit / gross loss (undefined without a loss).
/// </summary>
public static class TradeBootstrap
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Default seed.</summary>
    public const int DefaultSeed = 20_140_101;

    /// <summary>Default coverage.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>The interval of the mean of <paramref name="pnls"/>; null bounds with fewer than 2 trades.</summary>
    public static BootstrapInterval Expectancy(IReadOnlyList<double> pnls, int resamples = DefaultResamples, int seed = DefaultSeed, double confidence = DefaultConfidence) =>
        Interval(pnls, Mean, resamples, seed, confidence);

    /// <summary>The interval of gross profit / gross loss of <paramref name="pnls"/>; resamples without a loss count as +∞ (an upper bound of +∞ is reported as null).</summary>
    public static BootstrapInterval ProfitFactor(IReadOnlyList<double> pnls, int resamples = DefaultResamples, int seed = DefaultSeed, double confidence = DefaultConfidence) =>
        Interval(pnls, ProfitFactorOf, resamples, seed, confidence);

    private static BootstrapInterval Interval(IReadOnlyList<double> pnls, Func<double[], double> statistic, int resamples, int seed, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "the coverage must be between 0 and 1");
        }

        var sample = pnls.ToArray();
        var estimate = sample.Length == 0 ? (double?)null : Finite(statistic(sample));
        if (sample.Length < 2)
        {
            return new BootstrapInterval(estimate, null, null, confidence);
        }

        var random = new Random(seed);
        var draw = new double[sample.Length];
        var values = new double[resamples];
        for (var i = 0; i < resamples; i++)
        {
            for (var j = 0; j < draw.Length; j++)
            {
                draw[j] = sample[random.Next(sample.Length)];
            }

            values[i] = statistic(draw);
        }

        Array.Sort(values);
        var tail = (1 - confidence) / 2;
        return new BootstrapInterval(estimate, Finite(Percentile(values, tail)), Finite(Percentile(values, 1 - tail)), confidence);
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var weight = position - below;
        return double.IsPositiveInfinity(sorted[above]) ? sorted[above] : (sorted[below] * (1 - weight)) + (sorted[above] * weight);
    }

    private static double Mean(double[] values) => values.Average();

    private static double ProfitFactorOf(double[] values)
    {
        double win = 0, loss = 0;
        foreach (var v in values)
        {
            if (v > 0)
            {
                win += v;
            }
            else
            {
                loss -= v;
            }
        }

        return loss > 0 ? win / loss : double.PositiveInfinity;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
