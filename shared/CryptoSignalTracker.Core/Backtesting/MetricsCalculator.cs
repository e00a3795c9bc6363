using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// Computes <see cref="BacktestMetrics"/>. Daily returns come from realised equity at each UTC day's end
/// over every day the backtest covered (days without exits have a 0 return); Sharpe = mean / sample
/// standard deviation × √365 (crypto trades every day); Sortino = mean / √(mean of squared negative
/// returns) × √365. Drawdown is measured on the realised equity curve.
/// </summary>
public static class MetricsCalculator
{
    private const long DayMs = 86_400_000;

    /// <summary>Computes the metrics of <paramref name="trades"/> starting from <paramref name="initialEquity"/>.</summary>
    public static BacktestMetrics Compute(IReadOnlyList<ClosedTrade> trades, double initialEquity, long firstTimeMs, long lastTimeMs, double exposure)
    {
        var (count, winRate, avgR, pf, net) = Summary(trades);
        var fees = trades.Sum(t => t.Fees);

        double equity = initialEquity, peak = initialEquity, maxDd = 0, maxDdAmount = 0;
        foreach (var t in trades)
        {
            equity += t.Pnl;
            peak = Math.Max(peak, equity);
            if (peak - equity > maxDdAmount)
            {
                maxDdAmount = peak - equity;
                maxDd = maxDdAmount / peak;
            }
        }

        var daily = DailyReturns(trades, initialEquity, firstTimeMs, lastTimeMs);
        var (sharpe, sortino) = Ratios(daily);

        var perSymbol = trades
            .GroupBy(t => t.Symbol, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var (c, w, r, p, n) = Summary([.. g]);
                return new SymbolMetrics(g.Key, c, w, r, p, n);
            })
            .ToList();

        return new BacktestMetrics(
            count, winRate, avgR, pf, count == 0 ? 0 : net / count, net, fees, maxDd, maxDdAmount, sharpe, sortino, exposure,
            initialEquity + net, perSymbol);
    }

    /// <summary>Daily returns of realised equity, one per UTC day from the first to the last candle's day.</summary>
    public static IReadOnlyList<double> DailyReturns(IReadOnlyList<ClosedTrade> trades, double initialEquity, long firstTimeMs, long lastTimeMs)
    {
        if (lastTimeMs < firstTimeMs)
        {
            return [];
        }

        var firstDay = Math.DivRem(firstTimeMs, DayMs).Quotient;
        var days = (int)(Math.DivRem(lastTimeMs, DayMs).Quotient - firstDay + 1);
        var pnlByDay = new double[days];
        foreach (var t in trades)
        {
            var d = (int)Math.Clamp((t.ExitTimeMs / DayMs) - firstDay, 0, days - 1);
            pnlByDay[d] += t.Pnl;
        }

        var returns = new double[days];
        var equity = initialEquity;
        for (var i = 0; i < days; i++)
        {
            returns[i] = pnlByDay[i] / equity;
            equity += pnlByDay[i];
        }

        return returns;
    }

    private static (double Sharpe, double? Sortino) Ratios(IReadOnlyList<double> daily)
    {
        if (daily.Count < 2)
        {
            return (0, null);
        }

        var mean = daily.Average();
        var variance = daily.Sum(r => (r - mean) * (r - mean)) / (daily.Count - 1);
        var sharpe = variance > 0 ? mean / Math.Sqrt(variance) * Math.Sqrt(365) : 0;
        var downside = daily.Sum(r => r < 0 ? r * r : 0) / daily.Count;
        double? sortino = downside > 0 ? mean / Math.Sqrt(downside) * Math.Sqrt(365) : null;
        return (sharpe, sortino);
    }

    private static (int Count, double WinRate, double AverageR, double? ProfitFactor, double Net) Summary(IReadOnlyList<ClosedTrade> trades)
    {
        if (trades.Count == 0)
        {
            return (0, 0, 0, null, 0);
        }

        double grossWin = 0, grossLoss = 0, r = 0;
        var wins = 0;
        foreach (var t in trades)
        {
            if (t.Pnl > 0)
            {
                wins++;
                grossWin += t.Pnl;
            }
            else
            {
                grossLoss -= t.Pnl;
            }

            r += t.RMultiple;
        }

        return (trades.Count, (double)wins / trades.Count, r / trades.Count, grossLoss > 0 ? grossWin / grossLoss : null, grossWin - grossLoss);
    }
}
