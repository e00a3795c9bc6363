namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>What part of the data a backtest trades.</summary>
public sealed record BacktestOptions
{
    /// <summary>Trade candles with open time at or after this (Unix ms); earlier candles only warm up indicators. Null = from the start.</summary>
    public long? FromMs { get; init; }

    /// <summary>Use only candles with open time at or before this (Unix ms). Null = to the end.</summary>
    public long? ToMs { get; init; }

    /// <summary>
    /// The macro decisions of these very candles under the config's macro options, recorded once by a grid search
    /// (<see cref="Optimization.GridEvaluator"/>) and replayed instead of recomputed. Null = computed as the backtest goes.
    /// </summary>
    internal MacroTape? MacroTape { get; init; }

    /// <summary>
    /// The strategy's indicator values (RSI, volume average) of these very candles, recorded once by a grid search
    /// (<see cref="Optimization.GridEvaluator"/>) and read instead of recomputed. Null = computed as the backtest goes.
    /// </summary>
    internal IndicatorTape? IndicatorTape { get; init; }

    /// <summary>
    /// False: the texts that explain a decision (the strategy's set-up reasons, the risk rules' and the bias filter's skip
    /// reasons) are left empty, since a grid search keeps only metrics and trades; every decision is the same. Default true.
    /// </summary>
    internal bool Reasons { get; init; } = true;

    /// <summary>
    /// Each symbol's stream is read a few pieces ahead on its own thread (<see cref="Data.CandleReadAhead"/>), where the
    /// decisions that depend on that symbol's candles alone (its macro step and its strategy) are made too, so that they
    /// run on the other cores while the backtest trades on them; the result is the same as without. For streams read from
    /// files (<c>cst backtest</c>); not with <see cref="MacroTape"/>.
    /// </summary>
    public bool DecideAhead { get; init; }

    /// <summary>
    /// Macro warm-ups fed to the symbols' 4-hour EMA before their first candle, as the live LogicEngine journals them on a
    /// new deployment (<c>cst backtest --macro-warm-up</c>). Empty = none: the EMA warms up on the data alone.
    /// </summary>
    public IReadOnlyList<Macro.MacroWarmUp> MacroWarmUps { get; init; } = [];
}
