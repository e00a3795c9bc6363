namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Performance summary of a list of closed trades (see <see cref="MetricsCalculator"/> for the definitions).</summary>
/// <param name="Trades">Number of closed trades.</param>
/// <param name="WinRate">Share of trades with net PnL &gt; 0, 0-1.</param>
/// <param name="AverageR">Mean net PnL in multiples of the initial risk.</param>
/// <param name="ProfitFactor">Gross profit / gross loss; null when there was no losing trade.</param>
/// <param name="Expectancy">Mean net PnL per trade, quote currency.</param>
/// <param name="NetPnl">Sum of net PnL, quote currency (fees included).</param>
/// <param name="Fees">Sum of fees, quote currency.</param>
/// <param name="MaxDrawdown">Largest peak-to-trough fall of realised equity, as a fraction of the peak (0.05 = 5 %).</param>
/// <param name="MaxDrawdownAmount">The same fall in quote currency.</param>
/// <param name="Sharpe">Annualised (√365) Sharpe ratio of daily returns; 0 with fewer than 2 days or no variance.</param>
/// <param name="Sortino">Annualised (√365) Sortino ratio of daily returns (downside deviation); null without a losing day.</param>
/// <param name="Exposure">Share of candle times with at least one open position, 0-1.</param>
/// <param name="FinalEquity">Equity at the end.</param>
/// <param name="PerSymbol">The same figures per symbol (drawdown, ratios and exposure omitted).</param>
public sealed record BacktestMetrics(
    int Trades,
    double WinRate,
    double AverageR,
    double? ProfitFactor,
    double Expectancy,
    double NetPnl,
    double Fees,
    double MaxDrawdown,
    double MaxDrawdownAmount,
    double Sharpe,
    double? Sortino,
    double Exposure,
    double FinalEquity,
    IReadOnlyList<SymbolMetrics> PerSymbol);
