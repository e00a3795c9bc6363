namespace CryptoSignalTracker.Core.Statistics;

/// <summary>
/// How much to trust the chosen settings' Sharpe ratio after trying many: the figures <c>cst optimize</c> and
/// <c>cst walkforward</c> print and write (JSON key <c>statistics</c>). Sharpe ratios and their variance are per
/// observation (one observation = one day's return), not annualised; kurtosis is not excess.
/// </summary>
/// <param name="Trials">N, the number of settings tried.</param>
/// <param name="Observations">T, the number of daily returns of the chosen settings.</param>
/// <param name="Sharpe">The chosen settings' Sharpe ratio per observation.</param>
/// <param name="Skewness">Skewness of the chosen settings' daily returns.</param>
/// <param name="Kurtosis">Kurtosis (normal = 3) of the chosen settings' daily returns.</param>
/// <param name="TrialSharpeVariance">Variance of the N trials' Sharpe ratios.</param>
/// <param name="ExpectedMaxSharpe">SR₀: the best Sharpe ratio N worthless trials would show by luck.</param>
/// <param name="ProbabilisticSharpe">PSR: probability that the true Sharpe ratio is above 0.</param>
/// <param name="DeflatedSharpe">DSR: probability that the true Sharpe ratio is above SR₀.</param>
/// <param name="Pbo">Probability of backtest overfitting (CSCV, S = 16); null with fewer than 2 trials or 4 observations.</param>
/// <param name="Expectancy">Bootstrap interval of the chosen settings' mean net PnL per trade.</param>
/// <param name="ProfitFactor">Bootstrap interval of the chosen settings' profit factor.</param>
public sealed record OverfittingReport(
    int Trials,
    int Observations,
    double Sharpe,
    double Skewness,
    double Kurtosis,
    double TrialSharpeVariance,
    double ExpectedMaxSharpe,
    double ProbabilisticSharpe,
    double DeflatedSharpe,
    double? Pbo,
    BootstrapInterval Expectancy,
    BootstrapInterval ProfitFactor)
{
    /// <summary>
    /// Computes the report for the chosen settings' <paramref name="chosenReturns"/> (daily) and trade PnLs, among
    /// <paramref name="trialReturns"/> (every trial's daily returns over the same days, the chosen one included).
    /// </summary>
    /// <exception cref="ArgumentException">No trials, or trials of different lengths.</exception>
    public static OverfittingReport Compute(IReadOnlyList<double> chosenReturns, IReadOnlyList<IReadOnlyList<double>> trialReturns, IReadOnlyList<double> chosenTradePnls)
    {
        if (trialReturns.Count == 0)
        {
            throw new ArgumentException("at least one trial is needed", nameof(trialReturns));
        }

        var chosen = chosenReturns.ToArray();
        var (_, _, skewness, kurtosis) = SharpeStatistics.Moments(chosen);
        var sharpe = SharpeStatistics.Sharpe(chosen);
        var trialSharpes = trialReturns.Select(r => SharpeStatistics.Sharpe(r.ToArray())).ToArray();
        var variance = SharpeStatistics.Variance(trialSharpes);
        var expectedMax = SharpeStatistics.ExpectedMaxSharpe(trialReturns.Count, variance);
        var observations = chosen.Length;
        return new OverfittingReport(
            trialReturns.Count,
            observations,
            sharpe,
            skewness,
            kurtosis,
            variance,
            expectedMax,
            observations >= 2 ? SharpeStatistics.Probabilistic(sharpe, 0, observations, skewness, kurtosis) : 0.5,
            observations >= 2 ? SharpeStatistics.Probabilistic(sharpe, expectedMax, observations, skewness, kurtosis) : 0.5,
            BacktestOverfitting.Probability(trialReturns),
            TradeBootstrap.Expectancy(chosenTradePnls),
            TradeBootstrap.ProfitFactor(chosenTradePnls));
    }
}
