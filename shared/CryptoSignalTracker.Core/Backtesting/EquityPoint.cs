namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Realised equity after a trade closed.</summary>
/// <param name="TimeMs">When (Unix ms UTC).</param>
/// <param name="Equity">Equity in quote currency.</param>
public readonly record struct EquityPoint(long TimeMs, double Equity);
