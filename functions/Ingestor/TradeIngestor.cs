using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// Turns the Bybit trade stream into <c>raw-tick-data-bybit</c> messages: per symbol and minute, trades are
/// deduplicated by trade id and published every <see cref="IngestorOptions.BatchInterval"/> as numbered batches
/// (1, 2, ... per symbol, minute and run; ordering key = symbol). Each symbol's minute closes on that symbol's own
/// exchange time: as soon as its own first trade past the minute's end (plus <see cref="IngestorOptions.CloseGrace"/>)
/// arrives, or, for a quiet symbol, <see cref="IngestorOptions.QuietClose"/> after the minute's end (see
/// <see cref="SymbolFeed.IsDue"/>); the minute's last batch and a minute-closed marker with the number of batches go
/// out at once, without waiting for the batch timer (<see cref="WaitForWorkAsync"/>). A symbol whose feed runs behind
/// the others therefore loses nothing. A trade that still arrives for a closed minute is published as a further batch
/// of that minute with a correction marker (the Aggregator rewrites the candle and publishes a correction event),
/// counted in <see cref="Corrections"/> and logged at warning. A minute the feed did not fully see (the first after
/// start-up, any minute touched by a disconnect) is closed with Bybit's REST kline instead. After a disconnect the
/// missed trades are first fetched from Bybit's recent-trade endpoint; only when those do not reach back to the drop
/// are the gap's minutes closed with klines. A minute that cannot be backfilled at all is marked a gap.
/// </summary>
/// <remarks>
/// The exchange clock (for quiet symbols, gaps and health) is the time of the latest trade push plus the local time
/// elapsed since it arrived. <see cref="IBybitTradeObserver"/> calls and <see cref="FlushAsync"/> may run
/// concurrently; publishing happens only in <see cref="FlushAsync"/> (one caller at a time).
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
    private readonly Dictionary<string, SymbolFeed> _symbols;
    private readonly long _startedMs;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly SemaphoreSlim _work = new(0, 1);

    private bool _clockKnown;
    private long _clockBaseMs;
    private long _clockBaseLocalMs;
    private bool _connected;
    private long? _gapStartMs;
    private (long StartMs, long EndMs)? _pendingGap;
    private long _lastTradeLocalMs;
    private IReadOnlyDictionary<string, long>? _resumeFrom;
    private long _lastSubscribedLocalMs;
    private long _lateTrades;
    private long _corrections;
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
        Run = run ?? Guid.NewGuid().ToString("N")[..12];
        _startedMs = NowMs();
        _symbols = symbols.ToDictionary(s => s, s => new SymbolFeed { LastActivityLocalMs = _startedMs }, StringComparer.Ordinal);
    }

    /// <summary>This process's run id, carried by every message (two Ingestors number their batches independently).</summary>
    public string Run { get; }

    /// <summary>
    /// Trades not taken because their minute was closed beyond correction: closed longer than
    /// <see cref="IngestorOptions.CorrectionWindow"/> ago, or closed from a kline (which already holds them) or as a gap.
    /// </summary>
    public long LateTrades => Interlocked.Read(ref _lateTrades);

    /// <summary>Trades that arrived for a closed minute and were published as a correction of it.</summary>
    public long Corrections => Interlocked.Read(ref _corrections);

    /// <summary>Trades dropped as duplicates (same trade id in the same minute).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>
    /// A restart on a store that already holds candles: <paramref name="nextMinuteMs"/> is, per symbol, the first minute
    /// not in the store. Those minutes up to the first trade this process sees are a feed gap like a reconnect's (filled
    /// from the recent trades, else from klines), so the minutes the previous process received but never closed, and
    /// the minutes nobody was listening, are not left out. Call before the feed starts.
    /// </summary>
    public void ResumeFrom(IReadOnlyDictionary<string, long> nextMinuteMs)
    {
        ArgumentNullException.ThrowIfNull(nextMinuteMs);
        lock (_gate)
        {
            _resumeFrom = nextMinuteMs.Where(p => _symbols.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => Floor(p.Value), StringComparer.Ordinal);
        }
    }

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
        trades = Acceptable(trades, ref serverTimeMs);
        if (trades.Count == 0)
        {
            return;
        }

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
                    state.LastActivityLocalMs = local;
                }

                Resume(first, serverTimeMs);
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

            var due = false;
            foreach (var trade in trades)
            {
                due |= AddLocked(trade, local);
            }

            if (due && _work.CurrentCount == 0)
            {
                _work.Release(); // a minute closed or a correction is waiting: publish now, not at the next batch tick
            }
        }
    }

    /// <summary>Applies <see cref="ResumeFrom"/> once the first push set the clock (under the gate).</summary>
    private void Resume(long firstMinuteMs, long serverTimeMs)
    {
        if (_resumeFrom is not { Count: > 0 } resume)
        {
            return;
        }

        long? gapStart = null;
        foreach (var (symbol, next) in resume)
        {
            if (next < firstMinuteMs)
            {
                var state = _symbols[symbol];
                state.Minutes.Clear();
                state.NextToClose = next;
                state.Started = true; // a trade before `next` is for a stored minute: a late trade, not this symbol's first minute
                state.Minute(firstMinuteMs).Incomplete = _options.FirstMinuteJoinedMidway;
                gapStart = Math.Min(gapStart ?? next, next);
            }
        }

        if (gapStart is { } start)
        {
            _pendingGap = (start, Math.Max(serverTimeMs, firstMinuteMs));
            _logger.LogInformation("Resuming after the stored minutes: the feed gap from {gap_start} is backfilled before those minutes close", WireNames.Time(start));
        }

        _resumeFrom = null;
    }

    /// <summary>
    /// The trades that pass <see cref="InputRules.Trade"/> and are not after the clock by more than <see cref="InputRules.MaxClockSkew"/>
    /// (one mis-dated trade would otherwise move the minute clock a year ahead and close every minute in between);
    /// rejected ones are counted and logged. A server time past the window is replaced by the last accepted trade's.
    /// </summary>
    private IReadOnlyList<Trade> Acceptable(IReadOnlyList<Trade> trades, ref long serverTimeMs)
    {
        List<Trade>? kept = null;
        string? first = null;
        for (var i = 0; i < trades.Count; i++)
        {
            var problem = InputRules.Trade(trades[i], "trade") ?? InputRules.Live(trades[i].TimeMs, _timeProvider, $"trade {trades[i].Symbol}");
            if (problem is null)
            {
                kept?.Add(trades[i]);
                continue;
            }

            if (kept is null)
            {
                kept = new List<Trade>(trades.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(trades[j]);
                }
            }

            first ??= problem;
        }

        var accepted = kept ?? trades;
        if (kept is not null)
        {
            Rejections.Record(Rejections.Ingestor, trades.Count - kept.Count);
            _logger.LogWarning("Rejected {count} trade(s), kept {kept}: {reason}", trades.Count - kept.Count, kept.Count, first);
        }

        if (InputRules.Live(serverTimeMs, _timeProvider, "server time") is not null)
        {
            serverTimeMs = accepted.Count > 0 ? accepted.Max(t => t.TimeMs) : NowMs();
        }

        return accepted;
    }

    /// <summary>
    /// Waits until a minute is due to close or a correction is waiting (so it goes out at once), or
    /// <paramref name="interval"/> has passed (the batch timer), whichever is first. The flush loops call it between
    /// <see cref="FlushAsync"/> calls.
    /// </summary>
    public async Task WaitForWorkAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = _work.WaitAsync(stop.Token);
        var timer = Task.Delay(interval, _timeProvider, stop.Token);
        await Task.WhenAny(work, timer).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(work, timer).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the one that did not fire
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Takes one trade; true when it makes a minute due to close or waits as a correction.</summary>
    private bool AddLocked(in Trade trade, long localMs)
    {
        if (!_symbols.TryGetValue(trade.Symbol, out var state))
        {
            return false;
        }

        var minute = Floor(trade.TimeMs);
        if (!state.Started)
        {
            state.Started = true;
            if (minute < state.NextToClose)
            {
                // This symbol's feed runs behind the one that started the clock: its first minute is its own.
                state.Minutes.Clear();
                state.NextToClose = minute;
                state.Minute(minute).Incomplete = true;
            }
        }

        state.Saw(trade.TimeMs, localMs);
        SymbolFeed.MinuteState ms;
        var correction = minute < state.NextToClose;
        if (!correction)
        {
            ms = state.Minute(minute);
        }
        else if (state.Closed.TryGetValue(minute, out var closed) && !closed.Incomplete)
        {
            ms = closed;
        }
        else
        {
            _lateTrades++;
            _logger.LogEvent(LogLevel.Warning, "trade_too_late", "Trade {id} of {symbol} at {time} is for {minute}, closed {how}; not taken",
                RawTickMessageCodec.IdText(trade.Id), trade.Symbol, WireNames.Time(trade.TimeMs), WireNames.Time(minute),
                closed is null ? $"more than {_options.CorrectionWindow.TotalMinutes} minutes ago" : "from Bybit's kline (which holds its trades) or as a gap");
            return false;
        }

        if (!ms.Seen.Add(trade.Id))
        {
            _duplicates++;
            return false;
        }

        ms.Pending.Add(trade);
        if (trade.TimeMs >= ms.LastTradeMs)
        {
            ms.LastTradeMs = trade.TimeMs;
            ms.LastPrice = trade.Price;
        }

        if (correction)
        {
            _corrections++;
            return true;
        }

        return trade.TimeMs >= state.NextToClose + MinuteMs + (long)_options.CloseGrace.TotalMilliseconds;
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
                await PublishCorrectionsAsync(symbol, state, cancellationToken).ConfigureAwait(false);
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

    private async Task PublishPendingAsync(string symbol, SymbolFeed state, CancellationToken cancellationToken)
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

    /// <summary>
    /// Publishes the trades that arrived for closed minutes as further batches of those minutes, each minute followed by
    /// a correction marker with its new batch count (the Aggregator rewrites the candle and publishes a correction event).
    /// </summary>
    private async Task PublishCorrectionsAsync(string symbol, SymbolFeed state, CancellationToken cancellationToken)
    {
        List<(long Minute, Trade[] Trades, int Sequence, double? LastPrice)> corrections = [];
        lock (_gate)
        {
            foreach (var (minute, ms) in state.Closed)
            {
                if (ms.Pending.Count > 0)
                {
                    corrections.Add((minute, [.. ms.Pending.OrderBy(t => t.TimeMs)], ms.Published + 1, ms.LastPrice));
                }
            }
        }

        foreach (var (minute, trades, sequence, lastPrice) in corrections)
        {
            await _bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new TradeBatch(symbol, Run, minute, sequence, trades)), cancellationToken).ConfigureAwait(false);
            await _bus.PublishAsync(PipelineTopics.RawTicks, RawTickMessageCodec.Encode(new MinuteClosed(symbol, Run, minute, sequence, lastPrice, null, false, Correction: true)), cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var ms = state.Closed[minute];
                ms.Pending.RemoveRange(0, trades.Length);
                ms.Published = sequence;
            }

            _logger.LogEvent(LogLevel.Warning, "minute_corrected", "Correcting {symbol} {minute}, already closed: {trades} trades arrived late (batch {seq})",
                symbol, WireNames.Time(minute), trades.Length, sequence);
        }
    }

    private async Task CloseDueMinutesAsync(string symbol, SymbolFeed state, CancellationToken cancellationToken)
    {
        while (true)
        {
            long minute;
            SymbolFeed.MinuteState ms;
            double? lastPrice;
            lock (_gate)
            {
                if (!_clockKnown)
                {
                    return;
                }

                minute = state.NextToClose;
                var frozenFrom = Math.Min(_gapStartMs is { } g ? Floor(g) : long.MaxValue, _pendingGap is { } p ? Floor(p.StartMs) : long.MaxValue);
                if (!state.IsDue(minute, ClockMs(), NowMs(), (long)_options.CloseGrace.TotalMilliseconds, (long)_options.QuietClose.TotalMilliseconds) || minute >= frozenFrom)
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
                state.Started = true;
                state.MarkClosed(minute, (long)_options.CorrectionWindow.TotalMilliseconds);
                state.NextToClose = minute + MinuteMs;
                state.ClosedPrice = marker.Backfill?.Close ?? ms.LastPrice ?? state.ClosedPrice;
                if (marker.Gap)
                {
                    ms.Incomplete = true; // no correction can complete a gap
                }
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
                    var local = NowMs();
                    foreach (var trade in recent)
                    {
                        if (Floor(trade.TimeMs) >= state.NextToClose)
                        {
                            AddLocked(trade, local); // older ones belong to minutes closed before the drop
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
}
