namespace CryptoSignalTracker.Dashboard;

// What the dashboard's JSON APIs answer (camelCase; times are Unix milliseconds UTC; prices and amounts in quote currency).

/// <summary><c>GET /api/status</c>: the health light, each symbol's newest candle and bias, and the run's totals.</summary>
/// <param name="Now">The dashboard's now: the wall clock, or a replay's or stopped run's last decided minute's close.</param>
/// <param name="Mode">live, replay or stopped (<see cref="DashboardMode"/>).</param>
/// <param name="Health">green, amber or red.</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="Symbols">One row per symbol.</param>
/// <param name="Equity">Initial equity + the net PnL of every closed trade (realised, fees included).</param>
/// <param name="InitialEquity">The configured initial equity.</param>
/// <param name="OpenPositions">Open positions in the position book.</param>
/// <param name="Signals">Signals with a position: open positions + closed trades.</param>
/// <param name="ClosedTrades">Closed trades.</param>
/// <param name="UnrealisedPnl">The open positions' PnL at their symbols' last close (those with a close).</param>
public sealed record StatusModel(
    long Now, string Mode, string Health, string Reason, IReadOnlyList<SymbolModel> Symbols, double Equity, double InitialEquity,
    int OpenPositions, int Signals, int ClosedTrades, double UnrealisedPnl)
{
    /// <summary>Each pipeline stage's health (Ingestor, Aggregator, LogicEngine, MacroEngine, Notifier, in that order).</summary>
    public IReadOnlyList<StageModel> Stages { get; init; } = [];

    /// <summary>The worst stage's colour (green, amber or red; stages not part of a finished run aside).</summary>
    public string StagesHealth { get; init; } = "amber";

    /// <summary>Why: each stage that is not green, or that every stage is.</summary>
    public string StagesReason { get; init; } = "";
}

/// <summary>A pipeline stage's health, from the record it writes as it works (<see cref="Core.Health.StageHeartbeat"/>).</summary>
/// <param name="Stage">Ingestor, Aggregator, LogicEngine, MacroEngine or Notifier.</param>
/// <param name="Health">green, amber, red, or off (not part of a finished run).</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="LastEvent">When it last handled something (its own clock); null before its first event or without a record.</param>
/// <param name="ExchangeTime">The exchange time of the newest thing it handled.</param>
/// <param name="LagSeconds">The dashboard's now minus <paramref name="ExchangeTime"/>.</param>
/// <param name="SilenceSeconds">Live only: now minus <paramref name="LastEvent"/>.</param>
/// <param name="Events">Things handled.</param>
/// <param name="DeadLetters">Messages sent to its dead-letter topic.</param>
/// <param name="Rejected">Inputs refused at its trust boundary.</param>
/// <param name="Corrections">Corrected minutes sent (Aggregator) or taken (LogicEngine).</param>
/// <param name="Note">What stood in for the stage (a replay of files), if anything.</param>
public sealed record StageModel(
    string Stage, string Health, string Reason, long? LastEvent, long? ExchangeTime, double? LagSeconds, double? SilenceSeconds,
    long Events, long DeadLetters, long Rejected, long Corrections, string? Note);

/// <summary>A symbol's newest stored 1-minute candle, its lag and its macro bias.</summary>
public sealed record SymbolModel(string Symbol, long? LastOpen, double? Close, int? Trades, double? LagSeconds, BiasModel? Bias);

/// <summary>A macro bias; <paramref name="Valid"/> when it counts at the dashboard's now.</summary>
public sealed record BiasModel(string Side, double Confidence, long PublishedAt, long ExpiresAt, bool Valid, string? Note);

/// <summary><c>GET /api/positions</c>: an open position valued at its symbol's last close.</summary>
public sealed record PositionModel(
    string SignalId, string Symbol, string Side, string Kind, long EntryTime, double Entry, double Stop, double Target, double Quantity,
    double? LastClose, double? UnrealisedPnl, double HeldSeconds);

/// <summary><c>GET /api/signals</c>: a signal that opened a position, with its outcome once closed (status open or closed).</summary>
public sealed record SignalModel(
    string SignalId, string Symbol, string Side, string Kind, long EntryTime, double Entry, string Status, double? Stop, double? Target,
    long? ExitTime, double? Exit, string? Reason, double? R, double? Pnl);

/// <summary><c>GET /api/candles</c>: a symbol's 1-minute candles with RSI, the strategy's thresholds, its bias and signal markers.</summary>
public sealed record CandlesModel(
    string Symbol, string Interval, IReadOnlyList<CandleModel> Candles, IReadOnlyList<double?> Rsi, int RsiPeriod, double Oversold, double Overbought,
    BiasModel? Bias, IReadOnlyList<MarkerModel> Markers);

/// <summary>One candle: open time, OHLC, volume.</summary>
public sealed record CandleModel(long T, double O, double H, double L, double C, double V);

/// <summary>An entry or exit on a chart.</summary>
public sealed record MarkerModel(long T, double Price, string Type, string Side, string SignalId);

/// <summary><c>GET /api/equity</c>: realised equity and drawdown over a range, and the metrics <c>cst backtest</c> reports.</summary>
public sealed record EquityModel(string Range, long From, long To, double Start, IReadOnlyList<EquityPointModel> Points, MetricsModel Metrics);

/// <summary>Equity after a trade closed, and the drawdown from the range's peak (a fraction, 0.05 = 5 %).</summary>
public sealed record EquityPointModel(long T, double Equity, double Drawdown);

/// <summary>The figures of <see cref="Core.Backtesting.BacktestMetrics"/> over the range's closed trades.</summary>
public sealed record MetricsModel(
    int Trades, double WinRate, double AverageR, double? ProfitFactor, double Expectancy, double NetPnl, double Fees, double MaxDrawdown,
    double MaxDrawdownAmount, double Sharpe, double? Sortino, double FinalEquity);
