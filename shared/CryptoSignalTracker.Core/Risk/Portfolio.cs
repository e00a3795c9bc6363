using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Risk;

/// <summary>
/// The paper account: equity, open positions, cool-downs, and the rules for opening and closing. One
/// implementation, used by the backtester and (loaded from the state store) by the live LogicEngine.
/// </summary>
/// <remarks>
/// Rules: risk <see cref="RiskOptions.RiskPerTradePercent"/> of equity per trade; notional = risk amount /
/// (|entry − stop| / entry), capped at equity, × <see cref="RiskOptions.SwingOpenSizeFactor"/> for a MICRO
/// entry while a SWING position is open on the symbol; at most <see cref="RiskOptions.MaxPortfolioRiskPercent"/>
/// of equity at risk over all open positions; at most one open position per symbol and kind (so never an
/// opposite MICRO while one is open); a MICRO cool-down after each MICRO exit.
/// </remarks>
public sealed class Portfolio
{
    private readonly RiskOptions _options;
    private readonly List<Position> _open = [];
    private readonly Dictionary<string, long> _lastMicroExitMs = new(StringComparer.Ordinal);

    /// <summary>Creates an account with <see cref="RiskOptions.InitialEquity"/>.</summary>
    public Portfolio(RiskOptions options)
    {
        _options = options.Validate();
        Equity = options.InitialEquity;
    }

    /// <summary>Realised equity: initial equity plus the net PnL of all closed trades.</summary>
    public double Equity { get; private set; }

    /// <summary>Open positions, in the order they were opened.</summary>
    public IReadOnlyList<Position> Open => _open;

    /// <summary>Quote currency at risk over all open positions.</summary>
    public double OpenRisk
    {
        get
        {
            double sum = 0;
            foreach (var p in _open)
            {
                sum += p.RiskAmount;
            }

            return sum;
        }
    }

    /// <summary>False: a skip's reason is left empty (grid searches, which keep no skipped set-ups); the decisions are the same. Default true.</summary>
    internal bool Reasons { get; set; } = true;

    /// <summary>
    /// Applies the rules to an entry <paramref name="intent"/> filled at <paramref name="entryTimeMs"/> (the close
    /// of the candle it was decided on) and opens the position if allowed.
    /// </summary>
    public RiskDecision TryOpen(string signalId, string symbol, SignalKind kind, in EntryIntent intent, long entryTimeMs)
    {
        var decision = Preview(signalId, symbol, kind, intent, entryTimeMs);
        if (decision.Position is { } position)
        {
            _open.Add(position);
        }

        return decision;
    }

    /// <summary>
    /// What <see cref="TryOpen"/> would decide for the same entry, opening nothing: the position it would open (with its
    /// size) or the reason it would skip. The rules are the same code; only the final add is left out.
    /// </summary>
    public RiskDecision Preview(string signalId, string symbol, SignalKind kind, in EntryIntent intent, long entryTimeMs)
    {
        var reason = CheckConflicts(symbol, kind, intent.Side, entryTimeMs);
        if (reason is not null)
        {
            return RiskDecision.Skip(reason);
        }

        var fill = Fills.Entry(intent.Side, intent.Entry, _options);
        var stopFraction = Math.Abs(fill - intent.StopLoss) / fill;
        if (!(stopFraction > 0) || (intent.Side == Direction.Long ? intent.StopLoss >= fill : intent.StopLoss <= fill))
        {
            return RiskDecision.Skip(Reasons ? Format($"stop {intent.StopLoss} is not on the losing side of the entry fill {fill}") : string.Empty);
        }

        var riskBudget = Equity * _options.RiskPerTradePercent / 100;
        var notional = Math.Min(riskBudget / stopFraction, Equity);
        var halved = kind == SignalKind.Micro && HasOpen(symbol, SignalKind.Swing);
        if (halved)
        {
            notional *= _options.SwingOpenSizeFactor;
        }

        var quantity = notional / fill;
        var risk = quantity * Math.Abs(fill - intent.StopLoss);
        var cap = Equity * _options.MaxPortfolioRiskPercent / 100;
        var openRisk = OpenRisk;
        if (openRisk + risk > cap * (1 + 1e-12))
        {
            return RiskDecision.Skip(!Reasons ? string.Empty : Format(
                $"portfolio risk {(openRisk + risk) / Equity * 100:0.##} % of equity would exceed the {_options.MaxPortfolioRiskPercent:0.##} % cap ({_open.Count} open)"));
        }

        var position = new Position(
            signalId, symbol, intent.Side, kind, entryTimeMs, fill, intent.StopLoss, intent.TakeProfit, quantity, risk,
            fill * quantity * _options.FeePercent / 100);
        return RiskDecision.Open(position);
    }

    /// <summary>
    /// Checks <paramref name="symbol"/>'s open positions against <paramref name="candle"/> (opened after
    /// their entry) and closes those whose stop, target or holding time it reached.
    /// </summary>
    public void ResolveExits(string symbol, in Candle candle, List<ClosedTrade> closed)
    {
        for (var i = 0; i < _open.Count; i++)
        {
            var p = _open[i];
            if (p.Symbol != symbol || candle.OpenTimeMs < p.EntryTimeMs)
            {
                continue;
            }

            if (Fills.ResolveExit(p, candle, _options) is { } exit)
            {
                closed.Add(CloseAt(i, candle.OpenTimeMs, exit.Price, exit.Reason));
                i--;
            }
        }
    }

    /// <summary>Closes every open position at its symbol's last close (exit reason END), e.g. at the end of a backtest.</summary>
    public void CloseAll(Func<string, (long TimeMs, double Close)> lastCandle, List<ClosedTrade> closed)
    {
        while (_open.Count > 0)
        {
            var (time, close) = lastCandle(_open[0].Symbol);
            closed.Add(CloseAt(0, time, close, ExitReason.End));
        }
    }

    /// <summary>True when <paramref name="symbol"/> has an open position of <paramref name="kind"/>.</summary>
    public bool HasOpen(string symbol, SignalKind kind)
    {
        foreach (var p in _open)
        {
            if (p.Symbol == symbol && p.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    private ClosedTrade CloseAt(int index, long exitTimeMs, double price, ExitReason reason)
    {
        var position = _open[index];
        _open.RemoveAt(index);
        var trade = Fills.Close(position, exitTimeMs, price, reason, _options);
        Equity += trade.Pnl;
        if (position.Kind == SignalKind.Micro)
        {
            _lastMicroExitMs[position.Symbol] = exitTimeMs;
        }

        return trade;
    }

    private string? CheckConflicts(string symbol, SignalKind kind, Direction side, long entryTimeMs)
    {
        foreach (var p in _open)
        {
            if (p.Symbol == symbol && p.Kind == kind)
            {
                return !Reasons ? string.Empty : p.Side == side
                    ? $"a {WireNames.Of(kind)} {WireNames.Of(p.Side)} position is already open on {symbol} ({p.SignalId})"
                    : $"conflicts with the open {WireNames.Of(kind)} {WireNames.Of(p.Side)} position on {symbol} ({p.SignalId})";
            }
        }

        if (kind == SignalKind.Micro && _lastMicroExitMs.TryGetValue(symbol, out var lastExit)
            && entryTimeMs - lastExit < _options.CooldownMinutes * 60_000L)
        {
            return !Reasons ? string.Empty : $"cool-down: {symbol} exited at {WireNames.Time(lastExit)}, next entry from {WireNames.Time(lastExit + (_options.CooldownMinutes * 60_000L))}";
        }

        return null;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the account (engine snapshots): equity, open positions in order, MICRO exit times by symbol.</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(Equity);
        state.Write(_open.Count);
        foreach (var position in _open)
        {
            state.Write(position);
        }

        state.Write(_lastMicroExitMs.Count);
        foreach (var (symbol, ms) in _lastMicroExitMs.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            state.Write(symbol);
            state.Write(ms);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        Equity = state.ReadDouble();
        _open.Clear();
        var open = state.ReadCount(100_000, "open positions");
        for (var i = 0; i < open; i++)
        {
            _open.Add(state.ReadPosition());
        }

        _lastMicroExitMs.Clear();
        var exits = state.ReadCount(100_000, "MICRO exits");
        for (var i = 0; i < exits; i++)
        {
            _lastMicroExitMs[state.ReadRequiredString("MICRO exit symbol")] = state.ReadLong();
        }
    }
}
