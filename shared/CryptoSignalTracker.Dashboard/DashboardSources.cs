using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Dashboard;

/// <summary>What the dashboard reads: the run's stores (read only), its symbols and trading settings, and its clock.</summary>
public sealed class DashboardSources
{
    /// <summary>The run's symbols, in its order.</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>The 1-minute candles.</summary>
    public required ICandleStore Candles { get; init; }

    /// <summary>The open positions.</summary>
    public required IPositionBook Positions { get; init; }

    /// <summary>The closed trades (the signals' outcomes).</summary>
    public required IClosedTradeLog Trades { get; init; }

    /// <summary>The current macro bias per symbol.</summary>
    public required IBiasStore Biases { get; init; }

    /// <summary>The state store: the LogicEngine's watermark (a stopped run's clock).</summary>
    public required IStateStore State { get; init; }

    /// <summary>The stages' health records; null: read from <see cref="State"/> (<see cref="StageHealthStore"/>).</summary>
    public IStageHealthSource? StageHealth { get; init; }

    /// <summary>The strategy (RSI period and thresholds per symbol) and the initial equity.</summary>
    public required TradingConfig Trading { get; init; }

    /// <summary>
    /// Live (the pipeline runs on the wall clock), Replay (files replayed through it) or Stopped (a finished or stopped
    /// run's database, <c>cst dashboard --db</c>). Over a replay or a stopped run the dashboard's clock is the run's last
    /// decided minute's close (the LogicEngine's watermark + 1 minute), not the wall clock.
    /// </summary>
    public DashboardMode Mode { get; init; } = DashboardMode.Live;

    /// <summary>The wall clock (a live run's now).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>What the dashboard looks at.</summary>
public enum DashboardMode
{
    /// <summary>A live run: the wall clock.</summary>
    Live,

    /// <summary>A replay of files: the run's own clock (its last decided minute).</summary>
    Replay,

    /// <summary>A finished or stopped run's database, read only: its last decided minute.</summary>
    Stopped,
}
