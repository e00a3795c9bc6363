namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Per-symbol breakdown of a backtest.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Trades">Closed trades.</param>
/// <param name="WinRate">Share of winners, 0-1.</param>
/// <param name="AverageR">Mean R multiple.</param>
/// <param name="ProfitFactor">Gross profit / gross loss; null without a loser.</param>
/// <param name="NetPnl">Net PnL, quote currency.</param>
public sealed record SymbolMetrics(string Symbol, int Trades, double WinRate, double AverageR, double? ProfitFactor, double NetPnl);
