namespace CryptoSignalTracker.Charts;

/// <summary>Account equity at a moment (e.g. after each closed trade of a backtest).</summary>
/// <param name="TimeMs">Unix ms UTC.</param>
/// <param name="Equity">Equity in quote currency.</param>
public readonly record struct EquityPoint(long TimeMs, double Equity);
