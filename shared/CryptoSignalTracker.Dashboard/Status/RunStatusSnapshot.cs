using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Dashboard.Status;

/// <summary>What <c>cst run</c>'s status view shows at one instant (built by <see cref="RunStatusCollector"/>).</summary>
/// <param name="Now">When it was taken.</param>
/// <param name="Symbols">One row per symbol, in the run's order.</param>
/// <param name="Positions">Open positions, oldest first.</param>
/// <param name="Equity">The LogicEngine's equity; null before it decided its first minute.</param>
/// <param name="LastSignals">The newest ENTRY/EXIT lines, newest last.</param>
/// <param name="Health">Green, amber or red, with the reason.</param>
public sealed record RunStatusSnapshot(
    DateTimeOffset Now,
    IReadOnlyList<SymbolStatus> Symbols,
    IReadOnlyList<PositionStatus> Positions,
    double? Equity,
    IReadOnlyList<string> LastSignals,
    RunHealth Health);

/// <summary>One symbol's newest stored candle and how far behind now it is.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Last">Its newest stored 1-minute candle; null when none is stored yet.</param>
/// <param name="Lag">Now minus that candle's close (open + 1 minute); null without a candle.</param>
public sealed record SymbolStatus(string Symbol, Candle? Last, TimeSpan? Lag);

/// <summary>An open position valued at its symbol's last close.</summary>
/// <param name="Position">The position.</param>
/// <param name="LastClose">Its symbol's newest close; null when no candle is stored.</param>
/// <param name="UnrealisedPnl">(last close − entry) × quantity, sign by side, before exit fees; null without a close.</param>
/// <param name="Held">Now minus its entry time.</param>
public sealed record PositionStatus(Position Position, double? LastClose, double? UnrealisedPnl, TimeSpan Held);

/// <summary>The run's health light.</summary>
public enum HealthLevel
{
    /// <summary>Every symbol has a candle that closed within <see cref="RunStatusCollector.AmberLag"/>.</summary>
    Green,

    /// <summary>At least one symbol is behind by more than <see cref="RunStatusCollector.AmberLag"/>.</summary>
    Amber,

    /// <summary>No symbol has a candle newer than <see cref="RunStatusCollector.RedLag"/>: the feed or the pipeline stopped.</summary>
    Red,
}

/// <summary>The health light and why.</summary>
/// <param name="Level">Green, amber or red.</param>
/// <param name="Reason">One line saying why (e.g. <c>SOLUSDT: no candle for 3 min</c>).</param>
public sealed record RunHealth(HealthLevel Level, string Reason);
