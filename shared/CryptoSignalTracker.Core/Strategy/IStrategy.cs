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

    /// <summary>Candles needed until the strategy can decide: the first decision is possible on this candle (as <see cref="Indicators.IIndicator.WarmUpPeriod"/>).</summary>
    int WarmUpPeriod { get; }

    /// <summary>Feeds the next closed candle (open times strictly increasing) and returns an entry intent, if any.</summary>
    EntryIntent? OnCandle(in Candle candle);

    /// <summary>
    /// The intent <see cref="OnCandle"/> would return if <paramref name="forming"/> (a still-forming candle: the minute
    /// so far) were the next closed candle, leaving all state unchanged, so a later <see cref="OnCandle"/> decides
    /// exactly as if the peek had never happened. For the optional early warnings on forming candles (the seed's
    /// 15-second cadence); a strategy that cannot decide on a candle that may still change returns null.
    /// </summary>
    EntryIntent? Peek(in Candle forming);

    /// <summary>Forgets all state.</summary>
    void Reset();

    /// <summary>
    /// Writes the strategy's whole running state (a LogicEngine snapshot), so that <see cref="LoadState"/> on a new
    /// instance with the same options decides every later candle exactly as this one.
    /// </summary>
    void SaveState(Backtesting.EngineStateWriter state);

    /// <summary>Replaces the running state with what <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="FormatException">The state is damaged or was written with other options.</exception>
    void LoadState(Backtesting.EngineStateReader state);
}
