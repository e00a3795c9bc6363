using System.Globalization;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>
/// The Aggregator's work, independent of how messages arrive (push, pull, in-process):
/// <list type="bullet">
/// <item>a trade batch becomes its partial candle (Core's <see cref="CandleAggregator"/>), stored under
/// (symbol, minute, run, batch number) in the <see cref="IStateStore"/>; storing it again is harmless;</item>
/// <item>a minute-closed marker with N batches merges the run's N partials (fails with
/// <see cref="MinuteIncompleteException"/>, i.e. retry, while some are missing), or takes the marker's
/// backfilled kline, or makes a flat candle for a quiet minute; writes the candle to the
/// <see cref="ICandleStore"/> and publishes one <c>candles-1m</c> event, guarded by a create-if-absent claim
/// so redelivered, reordered or concurrent markers (and a second Ingestor's marker) publish it once; then the
/// merged partials are deleted (a marker arriving after that sees the published claim and stops).</item>
/// <item>a correction marker (trades that arrived after the minute closed, published by the Ingestor as further
/// batches) merges them into the minute's closed partial (kept under <c>RUN.closed</c> once the partials are merged),
/// rewrites the candle in the store and publishes it once more marked as a correction (claim <c>SYMBOL.unixSeconds.cN</c>
/// for the N-th batch count), logged at warning (<see cref="CorrectMinuteAsync"/>);</item>
/// <item>with <see cref="AggregatorOptions.FormingEvery"/> on, a stored batch may also publish the minute so far as a
/// forming <c>candles-1m</c> event (see <see cref="StoreBatchAsync"/>); nothing is written to the candle store for it.</item>
/// </list>
/// </summary>
public sealed class CandleAssembler
{
    /// <summary>State-store collection of the publish claims (key <c>SYMBOL.unixSeconds</c>).</summary>
    public const string ClaimCollection = "candle-events";

    private const string ClosedPartial = "closed";
    private const string Pending = "pending";
    private const string Published = "published";
    private const long MinuteMs = 60_000;
    private readonly ICandleStore _candles;
    private readonly IStateStore _state;
    private readonly IMessageBus _bus;
    private readonly AggregatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CandleAssembler> _logger;

    // Per symbol: the minute and last-trade time of the latest forming event (in memory: an early warning may repeat
    // after a restart or on a second instance; the LogicEngine drops repeats by signal id).
    private readonly Dictionary<string, (long MinuteMs, long AtMs)> _lastForming = new(StringComparer.Ordinal);

    /// <summary>Creates the assembler.</summary>
    public CandleAssembler(ICandleStore candles, IStateStore state, IMessageBus bus, AggregatorOptions? options = null, TimeProvider? timeProvider = null, ILogger<CandleAssembler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(bus);
        _candles = candles;
        _state = state;
        _bus = bus;
        _options = (options ?? new AggregatorOptions()).Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<CandleAssembler>.Instance;
    }

    /// <summary>State-store collection of one minute's partials.</summary>
    public static string PartialCollection(string symbol, long minuteMs) =>
        string.Create(CultureInfo.InvariantCulture, $"partials.{symbol}.{minuteMs / 1000}");

    /// <summary>Handles one raw-tick message (its payload).</summary>
    /// <exception cref="UnprocessableMessageException">The message is malformed (dead-letter it).</exception>
    /// <exception cref="MinuteIncompleteException">A marker came before its batches (retry later).</exception>
    public async Task HandleAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        object message;
        try
        {
            message = RawTickMessageCodec.Decode(payload);
        }
        catch (UnprocessableMessageException) when (RawTickMessageCodec.TryReadBatchIdentity(payload, out var id)
            && InputRules.Live(id.MinuteMs, _timeProvider, "minute") is null)
        {
            // A batch refused for its trades: record it as delivered-but-empty so the minute's marker closes the minute from
            // the other batches instead of failing (and holding the symbol's ordered stream) until its attempts run out.
            await _state.PutAsync(PartialCollection(id.Symbol, id.MinuteMs), PartialKey(id.Run, id.Sequence), PartialCandle.Refused(id.Sequence).ToJson(), cancellationToken).ConfigureAwait(false);
            throw;
        }

        await (message switch
        {
            TradeBatch batch => StoreBatchAsync(InLiveWindow(batch, batch.Symbol, batch.MinuteMs), cancellationToken),
            MinuteClosed marker => CloseMinuteAsync(InLiveWindow(marker, marker.Symbol, marker.MinuteMs), cancellationToken),
            var other => throw new UnprocessableMessageException($"unexpected raw-tick message {other.GetType().Name}"),
        }).ConfigureAwait(false);
    }

    /// <summary>A minute from the future (a mis-dated trade) is refused: it would make every real minute after it look late.</summary>
    private T InLiveWindow<T>(T message, string symbol, long minuteMs) =>
        InputRules.Live(minuteMs, _timeProvider, $"raw-tick message of {symbol}: minute") is { } problem
            ? throw new UnprocessableMessageException(problem)
            : message;

    /// <summary>
    /// Stores the partial candle of <paramref name="batch"/>. With <see cref="AggregatorOptions.FormingEvery"/> on, and
    /// the batch's last trade at least that long after the minute's start or its last forming event, then publishes
    /// the minute so far (the run's stored partials merged) as a forming candle, unless the minute is already closed.
    /// </summary>
    public async Task StoreBatchAsync(TradeBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AggregationResult result;
        try
        {
            result = CandleAggregator.Aggregate([.. batch.Trades]);
        }
        catch (ArgumentException ex)
        {
            throw new UnprocessableMessageException($"batch {batch.Sequence} of {batch.Symbol} {WireNames.Time(batch.MinuteMs)}: {ex.Message}", ex);
        }

        if (result.Candles.Count != 1 || result.Candles[0].OpenTimeMs != batch.MinuteMs)
        {
            throw new UnprocessableMessageException($"batch {batch.Sequence} of {batch.Symbol} {WireNames.Time(batch.MinuteMs)} spans {result.Candles.Count} minutes");
        }

        var partial = new PartialCandle(batch.Sequence, batch.Trades[0].TimeMs, batch.Trades[^1].TimeMs, result.Candles[0]);
        await _state.PutAsync(PartialCollection(batch.Symbol, batch.MinuteMs), PartialKey(batch.Run, batch.Sequence), partial.ToJson(), cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("Stored batch {seq} of {symbol} {minute} ({trades} trades)", batch.Sequence, batch.Symbol, WireNames.Time(batch.MinuteMs), batch.Trades.Count);
        if (_options.FormingEvery > TimeSpan.Zero)
        {
            await PublishFormingAsync(batch, partial.LastMs, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PublishFormingAsync(TradeBatch batch, long lastTradeMs, CancellationToken cancellationToken)
    {
        var since = batch.MinuteMs;
        (long MinuteMs, long AtMs) last;
        bool seen;
        lock (_lastForming)
        {
            seen = _lastForming.TryGetValue(batch.Symbol, out last);
        }

        if (seen)
        {
            if (last.MinuteMs > batch.MinuteMs)
            {
                return; // a late batch of an earlier minute
            }

            since = last.MinuteMs == batch.MinuteMs ? last.AtMs : since;
        }

        if (lastTradeMs - since < (long)_options.FormingEvery.TotalMilliseconds)
        {
            return;
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{batch.Symbol}.{batch.MinuteMs / 1000}");
        if (await _state.GetAsync(ClaimCollection, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return; // the minute is closed (or being closed): no early warning for it any more
        }

        var prefix = batch.Run + ".";
        var partials = new List<PartialCandle>();
        foreach (var (partialKey, value) in await _state.ListAsync(PartialCollection(batch.Symbol, batch.MinuteMs), cancellationToken).ConfigureAwait(false))
        {
            if (partialKey.StartsWith(prefix, StringComparison.Ordinal) && partialKey != ClosedKey(batch.Run))
            {
                if (ReadPartial(partialKey, value, batch.MinuteMs) is { Rejected: false } partial)
                {
                    partials.Add(partial);
                }
            }
        }

        if (partials.Count == 0)
        {
            return;
        }

        var forming = new CandleClosed(batch.Symbol, PartialCandle.Merge(batch.MinuteMs, partials), CandleClosedSource.Trades, Forming: true);
        await _bus.PublishAsync(_options.CandleTopic, RawTickMessageCodec.Encode(forming), cancellationToken).ConfigureAwait(false);
        lock (_lastForming)
        {
            _lastForming[batch.Symbol] = (batch.MinuteMs, lastTradeMs);
        }

        _logger.LogDebug("Published forming candle {symbol} {minute} as of {time} ({batches} batches)", batch.Symbol, WireNames.Time(batch.MinuteMs), WireNames.Time(lastTradeMs), partials.Count);
    }

    /// <summary>Closes a minute: builds its candle, stores it and publishes it once.</summary>
    public async Task CloseMinuteAsync(MinuteClosed marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        if (marker.Correction)
        {
            await CorrectMinuteAsync(marker, cancellationToken).ConfigureAwait(false);
            return;
        }

        var minute = WireNames.Time(marker.MinuteMs);
        if (marker.Gap)
        {
            _logger.LogEvent(LogLevel.Warning, "candle_gap", "No candle for {symbol} {minute}: the feed missed part of it and it could not be backfilled", marker.Symbol, minute);
            return;
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{marker.Symbol}.{marker.MinuteMs / 1000}");
        var claim = await _state.GetAsync(ClaimCollection, key, cancellationToken).ConfigureAwait(false);
        if (claim is not null && claim.StartsWith(Published, StringComparison.Ordinal))
        {
            // a redelivered (or second Ingestor's) marker: the candle is out, its partials may be gone
            _logger.LogDebug("Candle {key} was already published", key);
            return;
        }

        var (closed, merged) = await BuildAsync(marker, cancellationToken).ConfigureAwait(false);
        if (closed is null && merged is not null)
        {
            _logger.LogDebug("{symbol} {minute} was already published by a correction of it", marker.Symbol, minute);
            return;
        }

        if (closed is null)
        {
            if (marker.Batches == 0)
            {
                // a minute with batches and no candle had every batch refused; BuildAsync logged that gap with its reason
                _logger.LogEvent(LogLevel.Warning, "candle_gap", "No candle for quiet minute {symbol} {minute}: no earlier price is known", marker.Symbol, minute);
            }

            return;
        }

        if (InputRules.Candle(closed.Candle, $"candle {closed.Key} ({closed.Source.ToString().ToLowerInvariant()})") is { } problem)
        {
            // Never stored or published: a value that passed the message checks but not the candle rules (e.g. a stored partial).
            throw new UnprocessableMessageException(problem);
        }

        await _candles.WriteAsync(marker.Symbol, [closed.Candle], cancellationToken).ConfigureAwait(false);
        await PublishOnceAsync(closed, closed.Key, marker.Run, cancellationToken).ConfigureAwait(false);
        if (closed.Source == CandleClosedSource.Trades)
        {
            // The partials are merged into the stored candle: keep one merged partial (a late trade may still correct
            // the minute) and drop the rest so the state store does not grow.
            await FoldPartialsAsync(marker, 0, merged!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies a correction marker: the minute's closed partial (batches 1..S, none for a quiet minute) and the run's
    /// batches S+1..N merged into the corrected candle, written to the store and published once as a correction event.
    /// A redelivered or superseded correction (S already N or more) changes nothing; a batch not stored yet is retried.
    /// </summary>
    public async Task CorrectMinuteAsync(MinuteClosed marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var collection = PartialCollection(marker.Symbol, marker.MinuteMs);
        var closedJson = await _state.GetAsync(collection, ClosedKey(marker.Run), cancellationToken).ConfigureAwait(false);
        var closed = closedJson is null ? null : PartialCandle.FromJson(closedJson, marker.MinuteMs);
        var folded = closed?.Sequence ?? 0;
        if (folded >= marker.Batches)
        {
            _logger.LogDebug("Correction {batches} of {symbol} {minute} is already applied", marker.Batches, marker.Symbol, WireNames.Time(marker.MinuteMs));
            return;
        }

        var partials = await ReadPartialsAsync(marker, folded + 1, cancellationToken).ConfigureAwait(false);
        var before = await _candles.ReadAsync(marker.Symbol, marker.MinuteMs, marker.MinuteMs + MinuteMs, cancellationToken).ConfigureAwait(false);
        var all = closed is null ? partials : [closed with { Sequence = 0 }, .. partials];
        if (all.All(p => p.Rejected))
        {
            _logger.LogEvent(LogLevel.Warning, "candle_gap", "No correction for {symbol} {minute}: every late batch of run {run} was refused", marker.Symbol, WireNames.Time(marker.MinuteMs), marker.Run);
            return;
        }

        var corrected = new CandleClosed(marker.Symbol, PartialCandle.Merge(marker.MinuteMs, all), CandleClosedSource.Trades, Correction: true);
        await _candles.WriteAsync(marker.Symbol, [corrected.Candle], cancellationToken).ConfigureAwait(false);
        await PublishOnceAsync(corrected, string.Create(CultureInfo.InvariantCulture, $"{corrected.Key}.c{marker.Batches}"), marker.Run, cancellationToken).ConfigureAwait(false);
        await FoldPartialsAsync(marker, folded, Folded(marker.Batches, all, corrected.Candle), cancellationToken).ConfigureAwait(false);
        var was = before.Count == 1 ? before[0] : (Candle?)null;
        _logger.LogEvent(LogLevel.Warning, "candle_corrected",
            "Candle {symbol} {open_time} corrected by {late} late batches: close {old_close} -> {close}, volume {old_volume} -> {volume}, trades {old_trades} -> {trades}",
            marker.Symbol, WireNames.Time(marker.MinuteMs), marker.Batches - folded, was?.Close, corrected.Candle.Close, was?.Volume, corrected.Candle.Volume, was?.Trades, corrected.Candle.Trades);
    }

    /// <summary>Stores <paramref name="merged"/> as the minute's closed partial, then deletes batches <paramref name="folded"/>+1..N it holds.</summary>
    private async Task FoldPartialsAsync(MinuteClosed marker, int folded, PartialCandle merged, CancellationToken cancellationToken)
    {
        var collection = PartialCollection(marker.Symbol, marker.MinuteMs);
        await _state.PutAsync(collection, ClosedKey(marker.Run), merged.ToJson(), cancellationToken).ConfigureAwait(false);
        for (var sequence = folded + 1; sequence <= marker.Batches; sequence++)
        {
            await _state.TryDeleteAsync(collection, PartialKey(marker.Run, sequence), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run's partials <paramref name="from"/>..<see cref="MinuteClosed.Batches"/> of the marker's minute; throws <see cref="MinuteIncompleteException"/> while some are missing.</summary>
    private async Task<List<PartialCandle>> ReadPartialsAsync(MinuteClosed marker, int from, CancellationToken cancellationToken)
    {
        var stored = await _state.ListAsync(PartialCollection(marker.Symbol, marker.MinuteMs), cancellationToken).ConfigureAwait(false);
        var prefix = marker.Run + ".";
        var partials = new Dictionary<int, PartialCandle>();
        foreach (var (key, value) in stored)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key != ClosedKey(marker.Run))
            {
                var partial = ReadPartial(key, value, marker.MinuteMs);
                if (partial.Sequence >= from && partial.Sequence <= marker.Batches)
                {
                    partials[partial.Sequence] = partial;
                }
            }
        }

        var wanted = marker.Batches - from + 1;
        if (partials.Count < wanted)
        {
            var missing = Enumerable.Range(from, wanted).Where(i => !partials.ContainsKey(i)).Take(10);
            throw new MinuteIncompleteException(
                $"{marker.Symbol} {WireNames.Time(marker.MinuteMs)}: {partials.Count} of {(from == 1 ? string.Create(CultureInfo.InvariantCulture, $"{marker.Batches} batches") : string.Create(CultureInfo.InvariantCulture, $"batches {from}..{marker.Batches}"))} of run {marker.Run} stored (missing {string.Join(",", missing)}); retry later");
        }

        return [.. partials.Values];
    }

    /// <summary>
    /// The minute's candle and, when built from trades, its merged partial; (null, null) for a quiet minute without a
    /// known price; (null, the closed partial) when a correction already published the minute (it came first).
    /// </summary>
    private async Task<(CandleClosed? Closed, PartialCandle? Merged)> BuildAsync(MinuteClosed marker, CancellationToken cancellationToken)
    {
        if (marker.Backfill is { } kline)
        {
            return (new CandleClosed(marker.Symbol, kline with { OpenTimeMs = marker.MinuteMs }, CandleClosedSource.Kline), null);
        }

        if (marker.Batches > 0)
        {
            List<PartialCandle> partials;
            try
            {
                partials = await ReadPartialsAsync(marker, 1, cancellationToken).ConfigureAwait(false);
            }
            catch (MinuteIncompleteException)
            {
                // Delivered out of order after a correction of the minute, which merged and dropped these batches?
                var closedJson = await _state.GetAsync(PartialCollection(marker.Symbol, marker.MinuteMs), ClosedKey(marker.Run), cancellationToken).ConfigureAwait(false);
                if (closedJson is not null && PartialCandle.FromJson(closedJson, marker.MinuteMs) is var closed && closed.Sequence >= marker.Batches)
                {
                    return (null, closed);
                }

                throw;
            }

            if (partials.All(p => p.Rejected))
            {
                _logger.LogEvent(LogLevel.Warning, "candle_gap", "No candle for {symbol} {minute}: every batch of run {run} was refused", marker.Symbol, WireNames.Time(marker.MinuteMs), marker.Run);
                return (null, null);
            }

            var candle = PartialCandle.Merge(marker.MinuteMs, partials);
            return (new CandleClosed(marker.Symbol, candle, CandleClosedSource.Trades), Folded(marker.Batches, partials, candle));
        }

        var price = marker.LastPrice;
        if (price is null)
        {
            var from = marker.MinuteMs - (long)_options.FlatLookback.TotalMilliseconds;
            var earlier = await _candles.ReadAsync(marker.Symbol, from, marker.MinuteMs, cancellationToken).ConfigureAwait(false);
            price = earlier.Count > 0 && InputRules.Price(earlier[^1].Close, "stored close") is null ? earlier[^1].Close : null;
        }

        return (price is { } p ? new CandleClosed(marker.Symbol, Candle.Flat(marker.MinuteMs, p), CandleClosedSource.Flat) : null, null);
    }

    /// <summary>Publishes <paramref name="closed"/> once under the claim <paramref name="key"/>.</summary>
    private async Task PublishOnceAsync(CandleClosed closed, string key, string run, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await _state.TryCreateAsync(ClaimCollection, key, Claim(Pending, now, run), cancellationToken).ConfigureAwait(false))
        {
            var existing = await _state.GetAsync(ClaimCollection, key, cancellationToken).ConfigureAwait(false) ?? string.Empty;
            var parts = existing.Split(' ');
            if (parts[0] == Published)
            {
                _logger.LogDebug("Candle {key} was already published", key);
                return;
            }

            var since = parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var t) ? t : 0;
            if (now - since < (long)_options.StaleClaimAfter.TotalMilliseconds)
            {
                throw new MinuteIncompleteException($"candle {key} is being published by another delivery (claimed {now - since} ms ago); retry later");
            }

            _logger.LogWarning("Taking over the stale publish claim of candle {key} ({claim})", key, existing);
        }

        string messageId;
        try
        {
            messageId = await _bus.PublishAsync(_options.CandleTopic, RawTickMessageCodec.Encode(closed), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Give the claim back so the redelivery can publish.
            await _state.TryDeleteAsync(ClaimCollection, key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _state.PutAsync(ClaimCollection, key, Claim(Published, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), run) + " " + messageId, cancellationToken).ConfigureAwait(false);
        var latency = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (closed.Candle.OpenTimeMs + MinuteMs);
        _logger.LogEvent(LogLevel.Information, "candle_closed", "Candle closed {symbol} {open_time} ({source}) latency_ms={latency_ms}",
            closed.Symbol, WireNames.Time(closed.Candle.OpenTimeMs), closed.Source.ToString().ToLowerInvariant(), latency);
    }

    /// <summary>A stored partial read back; one that is malformed or breaks the candle rules makes the message unprocessable (dead-lettered, not retried for ever).</summary>
    private static PartialCandle ReadPartial(string key, string json, long minuteMs)
    {
        PartialCandle partial;
        try
        {
            partial = PartialCandle.FromJson(json, minuteMs);
        }
        catch (InvalidDataException ex)
        {
            Rejections.Record(Rejections.Store);
            throw new UnprocessableMessageException($"partial {key}: {ex.Message}", ex);
        }

        if (!partial.Rejected && InputRules.Candle(partial.Candle, $"stored partial {key}") is { } problem)
        {
            Rejections.Record(Rejections.Store);
            throw new UnprocessableMessageException(problem);
        }

        return partial;
    }

    private static string ClosedKey(string run) => run + "." + ClosedPartial;

    /// <summary>The merged partial of batches 1..<paramref name="batches"/> (what a late trade's correction merges into); refused batches add nothing.</summary>
    private static PartialCandle Folded(int batches, IEnumerable<PartialCandle> partials, Candle merged)
    {
        var accepted = partials.Where(p => !p.Rejected).ToList();
        return new PartialCandle(batches, accepted.Min(p => p.FirstMs), accepted.Max(p => p.LastMs), merged);
    }

    private static string PartialKey(string run, int sequence) => string.Create(CultureInfo.InvariantCulture, $"{run}.{sequence}");

    private static string Claim(string state, long timeMs, string run) => string.Create(CultureInfo.InvariantCulture, $"{state} {timeMs} {run}");
}
