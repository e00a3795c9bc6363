using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Dashboard.Status;

/// <summary>
/// Reads what <c>cst run</c>'s status view and the dashboard show from the run's own stores (the candle store, the
/// position book) and the engine's equity, and keeps the newest signals it is told about. Read-only: it changes nothing.
/// </summary>
public sealed class RunStatusCollector
{
    /// <summary>A symbol whose newest candle closed longer ago than this turns the light amber: 2 minutes.</summary>
    public static readonly TimeSpan AmberLag = TimeSpan.FromMinutes(2);

    /// <summary>When every symbol is behind by more than this the light is red: 5 minutes.</summary>
    public static readonly TimeSpan RedLag = TimeSpan.FromMinutes(5);

    /// <summary>How many signal lines are kept: 5.</summary>
    public const int SignalLines = 5;

    private const long MinuteMs = 60_000;
    private static readonly long _lookBackMs = (long)TimeSpan.FromHours(6).TotalMilliseconds;

    private readonly IReadOnlyList<string> _symbols;
    private readonly ICandleStore _candles;
    private readonly IPositionBook _positions;
    private readonly Func<double?> _equity;
    private readonly TimeProvider _time;
    private readonly Queue<string> _signals = new();
    private readonly Lock _lock = new();

    /// <summary>Creates the collector over the run's <paramref name="candles"/> and <paramref name="positions"/>.</summary>
    /// <param name="symbols">The run's symbols, in its order.</param>
    /// <param name="candles">The candle store.</param>
    /// <param name="positions">The position book.</param>
    /// <param name="equity">The engine's equity (null before its first minute).</param>
    /// <param name="time">The clock of <see cref="SnapshotAsync(CancellationToken)"/>.</param>
    public RunStatusCollector(IReadOnlyList<string> symbols, ICandleStore candles, IPositionBook positions, Func<double?> equity, TimeProvider time)
    {
        _symbols = symbols;
        _candles = candles;
        _positions = positions;
        _equity = equity;
        _time = time;
    }

    /// <summary>Keeps one line for an ENTRY or EXIT the LogicEngine published (the newest <see cref="SignalLines"/>).</summary>
    public void Published(TradeSignalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.Type == TradeSignalMessageType.Entry
            ? string.Create(CultureInfo.InvariantCulture, $"{WireNames.Time(message.Signal!.TimeMs)} ENTRY {message.Signal.Symbol} {message.Signal.Kind} {message.Signal.Side} @ {message.Signal.Entry:0.########}")
            : string.Create(CultureInfo.InvariantCulture, $"{WireNames.Time(message.Trade!.ExitTimeMs)} EXIT  {message.Trade.Symbol} {message.Trade.Reason} PnL {message.Trade.Pnl:+0.00;-0.00}");
        lock (_lock)
        {
            _signals.Enqueue(line);
            while (_signals.Count > SignalLines)
            {
                _signals.Dequeue();
            }
        }
    }

    /// <summary>Reads the stores now.</summary>
    public Task<RunStatusSnapshot> SnapshotAsync(CancellationToken cancellationToken) => SnapshotAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Reads the stores as of <paramref name="now"/>: the live run's clock, or a stopped run's last decided minute (what
    /// <c>cst dashboard --db</c> shows).
    /// </summary>
    public async Task<RunStatusSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var rows = new List<SymbolStatus>(_symbols.Count);
        var closes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var symbol in _symbols)
        {
            var candles = await _candles.ReadAsync(symbol, nowMs - _lookBackMs, nowMs, cancellationToken).ConfigureAwait(false);
            if (candles.Count == 0)
            {
                rows.Add(new SymbolStatus(symbol, null, null));
                continue;
            }

            var last = candles[^1];
            closes[symbol] = last.Close;
            rows.Add(new SymbolStatus(symbol, last, TimeSpan.FromMilliseconds(Math.Max(0, nowMs - (last.OpenTimeMs + MinuteMs)))));
        }

        var open = await _positions.ListOpenAsync(null, cancellationToken).ConfigureAwait(false);
        var positions = open.Select(p =>
        {
            double? close = closes.TryGetValue(p.Symbol, out var c) ? c : null;
            double? pnl = close is { } x ? (x - p.EntryPrice) * p.Quantity * (p.Side == Direction.Long ? 1 : -1) : null;
            return new PositionStatus(p, close, pnl, TimeSpan.FromMilliseconds(Math.Max(0, nowMs - p.EntryTimeMs)));
        }).ToList();

        string[] signals;
        lock (_lock)
        {
            signals = [.. _signals];
        }

        return new RunStatusSnapshot(now, rows, positions, _equity(), signals, Health(rows));
    }

    /// <summary>Green when every symbol is within <see cref="AmberLag"/>; red when none is within <see cref="RedLag"/>; else amber.</summary>
    public static RunHealth Health(IReadOnlyList<SymbolStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return new RunHealth(HealthLevel.Red, "no symbols");
        }

        if (rows.All(r => r.Lag is null))
        {
            return new RunHealth(HealthLevel.Amber, "waiting for the first closed minute");
        }

        if (rows.All(r => r.Lag is null || r.Lag > RedLag))
        {
            var newest = rows.Where(r => r.Lag is not null).Min(r => r.Lag!.Value);
            return new RunHealth(HealthLevel.Red, $"no candle for any symbol for {Minutes(newest)}: is the feed connected?");
        }

        var behind = rows.Where(r => r.Lag is null || r.Lag > AmberLag).ToList();
        return behind.Count == 0
            ? new RunHealth(HealthLevel.Green, "every symbol has a candle within 2 min")
            : new RunHealth(HealthLevel.Amber, string.Join("; ", behind.Select(r => r.Lag is { } lag ? $"{r.Symbol}: no candle for {Minutes(lag)}" : $"{r.Symbol}: no candle yet")));
    }

    private static string Minutes(TimeSpan lag) => string.Create(CultureInfo.InvariantCulture, $"{(int)lag.TotalMinutes} min");
}
