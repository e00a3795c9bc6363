using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Strategy;

/// <summary>
/// A per-symbol trading strategy fed one <b>closed</b> candle at a time, keeping its state incrementally.
/// The backtester and the live LogicEngine call the same implementation, so a strategy must depend on
/// nothing but the candles it was given (no clock, no I/O, no future candles).
/// </summary>
public interface IStrategy
{
    /// <summary>Stable id written into signal ids and alerts, e.g. <c>v5.2-champion</c>.</summary>
    string Id { get; }

    /// <summary>Candles needed before the strategy can decide anything.</summary>
    int WarmUpPeriod { get; }

    /// <summary>Feeds the next closed candle (open times strictly increasing) and returns an entry intent, if any.</summary>
    EntryIntent? OnCandle(in Candle candle);

    /// <summary>Forgets all state.</summary>
    void Reset();
}
