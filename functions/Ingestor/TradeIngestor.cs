using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// Turns the Bybit trade stream into <c>raw-tick-data-bybit</c> messages: per symbol and minute, trades are
/// deduplicated by trade id and published every <see cref="IngestorOptions.BatchInterval"/> as numbered batches
/// (1, 2, ... per symbol, minute and run; ordering key = symbol). When a minute is over on the exchange clock
/// (plus <see cref="IngestorOptions.CloseGrace"/>) every symbol gets a minute-closed marker with the number of
/// batches, so quiet symbols close too and the Aggregator knows when a minute is complete. A minute the feed did
/// not fully see (the first after start-up, any minute touched by a disconnect) is closed with Bybit's REST kline
/// instead. After a disconnect the missed trades are first fetched from Bybit's recent-trade endpoint; only when
/// those do not reach back to the drop are the gap's minutes closed with klines. A minute that cannot be
/// backfilled at all is marked a gap.
/// </summary>
/// <remarks>
/// The exchange clock is the time of the latest trade push plus the local time elapsed since it arrived, so
/// replays of old trades close minutes at replay speed. <see cref="IBybitTradeObserver"/> calls and
/// <see cref="FlushAsync"/> may run concurrently; publishing happens only in <see cref="FlushAsync"/> (one caller at a time).
/// </remarks>
public sealed class TradeIngestor : IBybitTradeObserver, IFunctionHealthCheck
{
    private const long MinuteMs = 60_000;
    private readonly object _gate = new();
    private readonly IMessageBus _bus;
    private readonly BybitRestClient _rest;
    private readonly IngestorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TradeIngestor> _logger;
    private readonly Dictionary<string, SymbolState> _symbols;
    private readonly long _startedMs;
    private readonly SemaphoreSlim _flushing = new(1, 1);

    private bool _clockKnown;
    private long _clockBaseMs;
    private long _clockBaseLocalMs;
    private bool _connected;
    private long? _gapStartMs;
    private (long StartMs, long EndMs)? _pendingGap;
    private long _lastTradeLocalMs;
    private long _lastSubscribedLocalMs;
    private long _lateTrades;
    private long _duplicates;

    /// <summary>Creates the ingestor for <paramref name="symbols"/>.</summary>
    public TradeIngestor(IReadOnlyList<string> symbols, IMessageBus bus, BybitRestClient rest, IngestorOptions? options = null, TimeProvider? timeProvider = null, ILogger<TradeIngestor>? logger = null, string? run = null)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(rest);
        _bus = bus;
        _rest = rest;
        _options = (options ?? new IngestorOptions()).Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<TradeIngestor>.Instance;
        _symbols = symbols.ToDictionary(s => s, s => new SymbolState(), StringComparer.Ordinal);
        Run = run ?? Guid.NewGuid().ToString("N")[..12];
        _startedMs = NowMs();
    }

    /// <summary>This process's run id, carried by every message (two Ingestors number their batches independently).</summary>
    public string Run { get; }

    /// <summary>Trades dropped because their minute was already closed.</summary>
    public long LateTrades => Interlocked.Read(ref _lateTrades);

    /// <summary>Trades dropped as duplicates (same trade id in the same minute).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <inheritdoc />
    public void OnSubscribed(int connection, long nowMs)
    {
        lock (_gate)
        {
            _connected = true;
            _lastSubscribedLocalMs = NowMs();
        }
    }

    /// <inheritdoc />
    public void OnDisconnected(int connection, string reason, long nowMs)
    {
        lock (_gate)
        {
            _connected = false;
            if (_clockKnown && _gapStartMs is null)
            {
                _gapStartMs = ClockMs();
            }
        }
    }

    /// <inheritdoc />
    public void OnTrades(IReadOnlyList<Trade> trades, long serverTimeMs)
    {
        ArgumentNullException.ThrowIfNull(trades);
        lock (_gate)
        {
            var local = NowMs();
            _lastTradeLocalMs = local;
            if (!_clockKnown)
            {
                // Joined mid-minute (live): the first minute is not fully seen by the feed; a replayed file holds it whole.
                _clockKnown = true;
                _clockBaseMs = serverTimeMs;
                _clockBaseLocalMs = local;
                var first = Floor(trades.Count > 0 ? Math.Min(trades[0].TimeMs, serverTimeMs) : serverTimeMs);
                foreach (var state in _symbols.Values)
                {
                    state.NextToClose = first;
                    state.Minute(first).Incomplete = _options.FirstMinuteJoinedMidway;
                }
            }
            else
            {
                if (serverTimeMs > ClockMs())
                {
                    _clockBaseMs = serverTimeMs;
                    _clockBaseLocalMs = local;
                }

                if (_gapStartMs is { } gapStart)
                {
                    // First push after a reconnect: FlushAsync backfills [gapStart, now] before closing those minutes.
                    var gapEnd = Math.Max(serverTimeMs, ClockMs());
                    _pendingGap = _pendingGap is { } earlier ? (earlier.StartMs, gapEnd) : (gapStart, gapEnd);
                    _gapStartMs = null;
                }
            }

            foreach (var trade in trades)
            {
                AddLocked(trade);
            }
        }
    }

    private void AddLocked(in Trade trade)
    {
        if (!_symbols.TryGetValue(trade.Symbol, out var state))
        {
            return;
        }

        var minute = Floor(trade.TimeMs);
        if (minute < state.NextToClose)
        {
            _lateTrades++;
            return;
        }

        var ms = state.Minute(minute);
        if (!ms.Seen.Add(trade.Id))
        {
            _duplicates++;
            return;
        }

        ms.Pending.Add(trade);
        if (trade.TimeMs >= ms.LastTradeMs)
        {
            ms.LastTradeMs = trade.TimeMs;
            ms.LastPrice = trade.Price;
        }
    }

    /// <summary>Publishes pending batches and closes every minute that is due (all of them when <paramref name="final"/> is false; only batches when true).</summary>
    public async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (long StartMs, long EndMs)? gap;
            lock (_gate)
            {
                gap = _pendingGap;
            }

            if (gap is { } pending && !final)
            {
                await BackfillGapAsync(pending.StartMs, pending.EndMs, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (symbol, state) in _symbols)
            {
                await PublishPendingAsync(symbol, state, cancellationToken).ConfigureAwait(false);
                if (!final)
                {
                    await CloseDueMinutesAsync(symbol, state, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<FunctionHealth> CheckAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = NowMs();
            var stale = (long)_options.StaleAfter.TotalMilliseconds;
            var lastActivity = Math.Max(_startedMs, Math.Max(_lastTradeLocalMs, _lastSubscribedLocalMs));
            if (now - lastActivity > stale)
            {
                return ValueTask.FromResult(FunctionHealth.Unhealthy(
                    $"stale: no Bybit trade for {(now - lastActivity) / 1000} s (limit {_options.StaleAfter.TotalSeconds} s); connected={_connected}"));
            }

            return ValueTask.FromResult(FunctionHealth.Healthy($"connected={_connected}"));
        }
    }

    private async Task PublishPendingAsync(string symbol, SymbolState state, CancellationToken cancellationToken)
    {
        List<(long Minute, Trade[] Trades, int Sequence)> batches = [];
        lock (_gate)
        {
            foreach (var (minute, ms) in state.Minutes)
            {
                if (ms.Pending.Count > 0)
                {
                    batches.Add((minute, [.. ms.Pending.OrderBy(t => t.TimeMs)], ms.Published + 1));
                }
            }
        }

        foreach (var (minute, trades, sequence) in batches)
        {
            await _bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new TradeBatch(symbol, Run, minute, sequence, trades)), cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var ms = state.Minutes[minute];
                ms.Pending.RemoveRange(0, trades.Length);
                ms.Published = sequence;
            }

            _logger.LogEvent(LogLevel.Information, "trade_batch_published", "Published batch {seq} of {symbol} {minute}: {trades} trades",
                sequence, symbol, WireNames.Time(minute), trades.Length);
        }
    }

    private async Task CloseDueMinutesAsync(string symbol, SymbolState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            long minute;
            MinuteState ms;
            double? lastPrice;
            lock (_gate)
            {
                if (!_clockKnown)
                {
                    return;
                }

                minute = state.NextToClose;
                var closesAt = minute + MinuteMs + (long)_options.CloseGrace.TotalMilliseconds;
                var frozenFrom = Math.Min(_gapStartMs is { } g ? Floor(g) : long.MaxValue, _pendingGap is { } p ? Floor(p.StartMs) : long.MaxValue);
                if (closesAt > ClockMs() || minute >= frozenFrom)
                {
                    return;
                }

                ms = state.Minute(minute);
                if (ms.Pending.Count > 0)
                {
                    ms = null!;
                }

                lastPrice = state.ClosedPrice;
            }

            if (ms is null)
            {
                // trades arrived since the batch publish above; publish them first
                await PublishPendingAsync(symbol, state, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var marker = ms.Incomplete
                ? await BackfillAsync(symbol, minute, ms.Published, lastPrice, cancellationToken).ConfigureAwait(false)
                : new MinuteClosed(symbol, Run, minute, ms.Published, lastPrice, null, false);
            await _bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(marker), cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                state.Minutes.Remove(minute);
                state.NextToClose = minute + MinuteMs;
                state.ClosedPrice = marker.Backfill?.Close ?? ms.LastPrice ?? state.ClosedPrice;
            }

            _logger.LogDebug("Closed {symbol} {minute} after {batches} batches", symbol, WireNames.Time(minute), marker.Batches);
        }
    }

    /// <summary>
    /// Fills a feed gap per symbol from Bybit's recent trades when they reach back to the gap's start (deduplicated
    /// by trade id like live trades); otherwise marks the gap's minutes for kline backfill at close.
    /// </summary>
    private async Task BackfillGapAsync(long startMs, long endMs, CancellationToken cancellationToken)
    {
        foreach (var (symbol, state) in _symbols)
        {
            IReadOnlyList<Trade> recent = [];
            string? reason = null;
            try
            {
                recent = await _rest.GetRecentTradesAsync(symbol, _options.RecentTradeLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                reason = ex.Message;
            }

            var covered = reason is null && recent.Count > 0 && recent[0].TimeMs <= startMs;
            lock (_gate)
            {
                if (covered)
                {
                    foreach (var trade in recent)
                    {
                        if (Floor(trade.TimeMs) >= state.NextToClose)
                        {
                            AddLocked(trade); // older ones belong to minutes closed before the drop
                        }
                    }
                }
                else
                {
                    for (var m = Math.Max(Floor(startMs), state.NextToClose); m <= Floor(endMs); m += MinuteMs)
                    {
                        state.Minute(m).Incomplete = true;
                    }
                }
            }

            if (covered)
            {
                _logger.LogInformation("Backfilled the feed gap {gap_start} to {gap_end} of {symbol} from {count} recent trades",
                    WireNames.Time(startMs), WireNames.Time(endMs), symbol, recent.Count);
            }
            else
            {
                _logger.LogWarning("Recent trades do not cover the feed gap {gap_start} to {gap_end} of {symbol} ({reason}); those minutes will come from the kline endpoint",
                    WireNames.Time(startMs), WireNames.Time(endMs), symbol, reason ?? (recent.Count == 0 ? "none returned" : $"oldest at {WireNames.Time(recent[0].TimeMs)}"));
            }
        }

        lock (_gate)
        {
            if (_pendingGap is { } current && current.StartMs == startMs)
            {
                _pendingGap = current.EndMs == endMs ? null : (endMs, current.EndMs);
            }
        }
    }

    private async Task<MinuteClosed> BackfillAsync(string symbol, long minute, int batches, double? lastPrice, CancellationToken cancellationToken)
    {
        string reason = "no attempt";
        for (var attempt = 1; attempt <= _options.BackfillAttempts; attempt++)
        {
            try
            {
                var klines = await _rest.GetMinuteKlinesAsync(symbol, minute, minute, cancellationToken).ConfigureAwait(false);
                if (klines.Count == 1)
                {
                    return new MinuteClosed(symbol, Run, minute, batches, lastPrice, klines[0], false);
                }

                reason = $"Bybit returned {klines.Count} klines for the minute";
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                reason = ex.Message;
            }

            if (attempt < _options.BackfillAttempts)
            {
                await Task.Delay(_options.BackfillRetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        _logger.LogEvent(LogLevel.Error, "backfill_failed", "Could not backfill {symbol} {minute} from Bybit's kline endpoint ({reason}); marking it a gap",
            symbol, WireNames.Time(minute), reason);
        return new MinuteClosed(symbol, Run, minute, batches, lastPrice, null, true);
    }

    private long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private long ClockMs() => _clockBaseMs + (NowMs() - _clockBaseLocalMs);

    private static long Floor(long ms) => ms - (((ms % MinuteMs) + MinuteMs) % MinuteMs);

    private sealed class SymbolState
    {
        public SortedDictionary<long, MinuteState> Minutes { get; } = [];

        public long NextToClose { get; set; }

        /// <summary>Close of the latest closed minute: the price a quiet minute stays flat at.</summary>
        public double? ClosedPrice { get; set; }

        public MinuteState Minute(long minute)
        {
            if (!Minutes.TryGetValue(minute, out var state))
            {
                state = new MinuteState();
                Minutes[minute] = state;
            }

            return state;
        }
    }

    private sealed class MinuteState
    {
        public List<Trade> Pending { get; } = [];

        public HashSet<TradeId> Seen { get; } = [];

        public int Published { get; set; }

        public bool Incomplete { get; set; }

        public long LastTradeMs { get; set; } = long.MinValue;

        public double? LastPrice { get; set; }
    }
}
