namespace CryptoSignalTracker.Core.Statistics;

/// <summary>
/// The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (CSCV; Bailey, Borwein,
/// López de Prado &amp; Zhu, "The Probability of Backtest Overfitting", 2015). The T × N matrix of returns (T
/// observations of N trials) is cut into S equal blocks of consecutive rows; for every way of choosing S/2 blocks
/// as in-sample (the rest out-of-sample) the trial with the best in-sample Sharpe ratio is taken and its
/// out-of-sample rank among all trials noted. PBO is the share of splits where that rank is below the median
/// (logit λ &lt; 0; a rank exactly at the median counts half). About 0.5 means the in-sample choice is no better
/// than a coin; near 0 means the best in-sample trial stays good out of sample.
/// </summary>
public static class BacktestOverfitting
{
    /// <summary>The default number of blocks, as in the paper.</summary>
    public const int DefaultBlocks = 16;

    /// <summary>
    /// PBO of <paramref name="returns"/> (one array per trial, all of the same length T). Rows beyond a whole
    /// number of blocks are dropped from the end. With fewer than <paramref name="blocks"/> rows, the largest even
    /// block count ≤ T is used. Null when there are fewer than 2 trials or 4 rows (no split is meaningful).
    /// </summary>
    /// <exception cref="ArgumentException">The trials' lengths differ, or <paramref name="blocks"/> is odd or below 2.</exception>
    public static double? Probability(IReadOnlyList<IReadOnlyList<double>> returns, int blocks = DefaultBlocks)
    {
        if (blocks < 2 || blocks % 2 != 0)
        {
            throw new ArgumentException($"the block count S must be even and at least 2, not {blocks}", nameof(blocks));
        }

        var trials = returns.Count;
        if (trials < 2)
        {
            return null;
        }

        var rows = returns[0].Count;
        if (returns.Any(r => r.Count != rows))
        {
            throw new ArgumentException("every trial needs the same number of observations");
        }

        if (rows < 4)
        {
            return null;
        }

        var s = Math.Min(blocks, rows - (rows % 2));

        // per block and trial: count, sum and sum of squares, so a split's Sharpe ratio is a few additions
        var size = rows / s;
        var sum = new double[s, trials];
        var squares = new double[s, trials];
        for (var n = 0; n < trials; n++)
        {
            for (var b = 0; b < s; b++)
            {
                for (var t = b * size; t < (b + 1) * size; t++)
                {
                    var r = returns[n][t];
                    sum[b, n] += r;
                    squares[b, n] += r * r;
                }
            }
        }

        var inSample = new double[trials];
        var outOfSample = new double[trials];
        double overfit = 0;
        var splits = 0;
        foreach (var mask in Splits(s))
        {
            for (var n = 0; n < trials; n++)
            {
                double isSum = 0, isSq = 0, oosSum = 0, oosSq = 0;
                for (var b = 0; b < s; b++)
                {
                    if ((mask & (1 << b)) != 0)
                    {
                        isSum += sum[b, n];
                        isSq += squares[b, n];
                    }
                    else
                    {
                        oosSum += sum[b, n];
                        oosSq += squares[b, n];
                    }
                }

                var count = size * (s / 2);
                inSample[n] = Sharpe(isSum, isSq, count);
                outOfSample[n] = Sharpe(oosSum, oosSq, count);
            }

            var best = 0;
            for (var n = 1; n < trials; n++)
            {
                if (inSample[n] > inSample[best])
                {
                    best = n;
                }
            }

            // relative rank ω of the chosen trial out of sample, ties shared: ω < 1/2 ⇔ logit λ < 0
            double below = 0;
            for (var n = 0; n < trials; n++)
            {
                if (n != best)
                {
                    below += outOfSample[n] < outOfSample[best] ? 1 : outOfSample[n] == outOfSample[best] ? 0.5 : 0;
                }
            }

            var omega = (below + 1) / (trials + 1);
            overfit += omega < 0.5 ? 1 : omega == 0.5 ? 0.5 : 0;
            splits++;
        }

        return overfit / splits;
    }

    /// <summary>Every bit mask of <paramref name="blocks"/> bits with exactly half of them set.</summary>
    private static IEnumerable<int> Splits(int blocks)
    {
        for (var mask = 0; mask < 1 << blocks; mask++)
        {
            if (int.PopCount(mask) == blocks / 2)
            {
                yield return mask;
            }
        }
    }

    private static double Sharpe(double sum, double squares, int count)
    {
        var mean = sum / count;
        var variance = (squares - (sum * mean)) / (count - 1);
        return variance > 1e-18 ? mean / Math.Sqrt(variance) : mean > 0 ? double.MaxValue : mean < 0 ? double.MinValue : 0;
    }
}
