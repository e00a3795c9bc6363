using System.Diagnostics;
using System.Globalization;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The live decision loop (the LogicEngine function and <c>cst run</c>): closed 1-minute candles in, ENTRY and EXIT
/// messages out on <c>trade-signals-micro</c>, decided by the same <see cref="TradingEngine"/> the backtester drives
/// and in the backtester's order, so the same candle history gives the same signals and exits.
/// </summary>
/// <remarks>
/// <para>Order: candles are buffered per minute; a minute is decided when every symbol's candle for it is in (or the
/// symbol has moved past it, or another symbol is <see cref="LiveEngineOptions.BarrierGraceMinutes"/> further), then
/// its symbols go through the engine in ordinal order, as the backtester's merged timeline does. Each minute is applied
/// once: the last decided minute (the watermark) is stored after the minute's positions and messages are written.</para>
/// <para>State: the engine lives in memory; when it is missing (a cold start, another instance, an error mid-minute) it
/// is rebuilt by replaying the stored candles from the first decided minute to the watermark, with the journalled bias
/// changes and swing intents (<see cref="MinuteInputs"/>), publishing nothing. Messages carry deterministic ids; a
/// minute re-decided after a crash publishes the same messages again, which consumers drop by id.</para>
/// <para>One instance at a time: the watermark is a plain write, so deployments run one LogicEngine instance
/// (Terraform sets max instances to 1); calls into one instance are serialised.</para>
/// </remarks>
public sealed class LiveEngine
{
    /// <summary>The state collection of the watermark and origin.</summary>
    public const string StateCollection = "logic-engine";

    /// <summary>The key of the last decided minute (Unix ms) in <see cref="StateCollection"/>.</summary>
    public const string WatermarkKey = "watermark";

    private const string OriginKey = "origin";
    private const long MinuteMs = 60_000;
    private const long FiveMinutesMs = 5 * MinuteMs;
    private const long RebuildChunkMs = 24 * 60 * MinuteMs;

    private readonly TradingConfig _config;
    private readonly LiveEngineOptions _options;
    private readonly LivePorts _ports;
    private readonly Func<TradeSignalMessage, CancellationToken, Task>? _published;
    private readonly ILogger<LiveEngine> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string[] _symbols;
    private readonly HashSet<string> _universe;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<long, Dictionary<string, Candle>> _pending = [];
    private readonly Dictionary<long, long> _firstBufferedTicks = [];
    private readonly Dictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _appliedSwings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MacroBias> _currentBias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _formingPublished = new(StringComparer.Ordinal);
    private TradingEngine? _engine;
    private long? _watermark;
    private long _maxSeen = long.MinValue;

    /// <summary>Creates the loop; nothing is read until the first candle.</summary>
    /// <param name="config">The trading configuration (the same one a backtest is given).</param>
    /// <param name="options">Symbols, macro source, barrier.</param>
    /// <param name="ports">Stores and bus.</param>
    /// <param name="published">Called with every message after it is published, in order (the CLI's console and <c>--signals-out</c>).</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="timeProvider">Clock for the <c>signal_emitted</c> latency; default <see cref="TimeProvider.System"/>.</param>
    public LiveEngine(TradingConfig config, LiveEngineOptions options, LivePorts ports, Func<TradeSignalMessage, CancellationToken, Task>? published = null, ILogger<LiveEngine>? logger = null, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _published = published;
        _logger = logger ?? NullLogger<LiveEngine>.Instance;
        _symbols = [.. _options.Symbols.Order(StringComparer.Ordinal)];
        _universe = new HashSet<string>(_symbols, StringComparer.Ordinal);
    }

    /// <summary>The open time of the last decided minute, once known.</summary>
    public long? Watermark => _watermark;

    /// <summary>The paper account as the engine sees it (rebuilt state included); null before the first candle.</summary>
    public Core.Risk.Portfolio? Portfolio => _engine?.Portfolio;

    /// <summary>
    /// Takes the closed candle <paramref name="candle"/> of <paramref name="symbol"/> and decides every minute that is
    /// complete. A candle at or before the watermark (a redelivery) changes nothing.
    /// </summary>
    /// <exception cref="UnprocessableMessageException">The symbol is not traded here or the candle is malformed.</exception>
    public async Task OnCandleAsync(string symbol, Candle candle, CancellationToken cancellationToken)
    {
        Check(symbol, candle);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureEngineAsync(cancellationToken).ConfigureAwait(false);
            if (candle.OpenTimeMs <= _watermark)
            {
                _logger.LogDebug("Candle {Symbol} {Minute} is at or before the decided minute {Watermark}: already applied", symbol, WireNames.Time(candle.OpenTimeMs), WireNames.Time(_watermark.Value));
                return;
            }

            Buffer(symbol, candle);
            await AdvanceAsync(flush: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the still-forming candle <paramref name="forming"/> of <paramref name="symbol"/> (the minute so far). Ignored
    /// (debug log) unless <see cref="LiveEngineOptions.EvaluateForming"/> is on; then, when the minute is after the
    /// watermark and no closed candle of the symbol is waiting to be decided, the engine as of the last decided minute
    /// peeks it (<see cref="TradingEngine.PeekForming"/>) and a resulting signal is published as an ENTRY marked forming,
    /// once per signal id. Positions, the watermark, the journal and the barrier are never touched: the closed candle of
    /// the minute is later decided exactly as without it.
    /// </summary>
    /// <exception cref="UnprocessableMessageException">The symbol is not traded here or the candle is malformed.</exception>
    public async Task OnFormingAsync(string symbol, Candle forming, CancellationToken cancellationToken)
    {
        if (!_options.EvaluateForming)
        {
            _logger.LogDebug("Forming candle {Symbol} {Minute} ignored: Logic:EvaluateForming is off", symbol, WireNames.Time(forming.OpenTimeMs));
            return;
        }

        Check(symbol, forming);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var engine = await EnsureEngineAsync(cancellationToken).ConfigureAwait(false);
            if (!FormingIsNext(symbol, forming.OpenTimeMs))
            {
                return;
            }

            // The peek's clock: now, within the forming minute (a replay's candles are older than the wall clock).
            var nowMs = Math.Clamp(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), forming.OpenTimeMs, forming.OpenTimeMs + MinuteMs - 1);
            var state = engine.Symbol(symbol);
            if (engine.PeekForming(state, forming, nowMs) is not { } signal || !_formingPublished.TryAdd(signal.Id, forming.OpenTimeMs))
            {
                return;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["symbol"] = symbol,
                ["type"] = "ENTRY",
                ["signal_id"] = signal.Id,
                ["forming"] = "true",
            };
            try
            {
                var message = TradeSignalMessage.ForEntry(signal, state.Bias);
                await _ports.Bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(TradeSignalMessageCodec.Encode(message), attributes, symbol), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _formingPublished.Remove(signal.Id); // not sent: a later forming event of the minute may try again
                throw;
            }

            _logger.LogInformation("Published forming-candle early warning {SignalId} {Side} (not a paper trade)", signal.Id, WireNames.Of(signal.Side));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Decides every buffered minute now, whatever is missing (the end of a replay).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureEngineAsync(cancellationToken).ConfigureAwait(false);
            await AdvanceAsync(flush: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends a replay as a backtest ends: decides what is buffered, then closes every open position at its last close (exit END).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var engine = await EnsureEngineAsync(cancellationToken).ConfigureAwait(false);
            var listener = new Collector(engine);
            engine.Finish(listener);
            await CommitAsync(listener, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _engine = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Check(string symbol, in Candle candle)
    {
        if (symbol is null || !_universe.Contains(symbol))
        {
            throw new UnprocessableMessageException($"candle of '{symbol}': this LogicEngine trades only {string.Join(",", _symbols)} (Logic:Symbols)");
        }

        if (candle.OpenTimeMs % MinuteMs != 0)
        {
            throw new UnprocessableMessageException($"candle {symbol} opens at {candle.OpenTimeMs} ms, not on a whole minute");
        }

        if (!(candle.Low <= Math.Min(candle.Open, candle.Close) && candle.High >= Math.Max(candle.Open, candle.Close) && candle.Low > 0 && candle.Volume >= 0))
        {
            throw new UnprocessableMessageException(string.Create(CultureInfo.InvariantCulture,
                $"candle {symbol} {WireNames.Time(candle.OpenTimeMs)} is inconsistent: O {candle.Open} H {candle.High} L {candle.Low} C {candle.Close} V {candle.Volume}"));
        }
    }

    /// <summary>
    /// True when a forming candle of <paramref name="symbol"/> at <paramref name="minuteMs"/> follows the engine's state
    /// directly: after the watermark, with no closed candle of the symbol buffered at or before that minute (the engine
    /// has not seen it yet, or the minute has closed). Forgets the forming ids of decided minutes.
    /// </summary>
    private bool FormingIsNext(string symbol, long minuteMs)
    {
        if (_watermark is { } watermark)
        {
            foreach (var id in _formingPublished.Where(e => e.Value <= watermark).Select(e => e.Key).ToList())
            {
                _formingPublished.Remove(id);
            }

            if (minuteMs <= watermark)
            {
                _logger.LogDebug("Forming candle {Symbol} {Minute} is at or before the decided minute {Watermark}: too late", symbol, WireNames.Time(minuteMs), WireNames.Time(watermark));
                return false;
            }
        }

        foreach (var (pendingMs, candles) in _pending)
        {
            if (pendingMs > minuteMs)
            {
                break;
            }

            if (candles.ContainsKey(symbol))
            {
                _logger.LogDebug("Forming candle {Symbol} {Minute} skipped: the closed candle of {Pending} waits to be decided", symbol, WireNames.Time(minuteMs), WireNames.Time(pendingMs));
                return false;
            }
        }

        return true;
    }

    private void Buffer(string symbol, in Candle candle)
    {
        if (!_pending.TryGetValue(candle.OpenTimeMs, out var minute))
        {
            minute = new Dictionary<string, Candle>(StringComparer.Ordinal);
            _pending.Add(candle.OpenTimeMs, minute);
            _firstBufferedTicks[candle.OpenTimeMs] = _timeProvider.GetTimestamp();
        }

        minute[symbol] = candle;
        _lastSeen[symbol] = Math.Max(_lastSeen.GetValueOrDefault(symbol, long.MinValue), candle.OpenTimeMs);
        _maxSeen = Math.Max(_maxSeen, candle.OpenTimeMs);
    }

    private bool Ready(long minuteMs, Dictionary<string, Candle> candles, bool flush)
    {
        var complete = true;
        foreach (var symbol in _symbols)
        {
            if (!candles.ContainsKey(symbol) && _lastSeen.GetValueOrDefault(symbol, long.MinValue) <= minuteMs)
            {
                complete = false;
                break;
            }
        }

        if (complete || flush)
        {
            return true;
        }

        // A silent symbol: decide without it once another is far enough ahead and the minute has waited long enough.
        var waited = _firstBufferedTicks.TryGetValue(minuteMs, out var since) ? _timeProvider.GetElapsedTime(since) : TimeSpan.MaxValue;
        return _maxSeen >= minuteMs + (_options.BarrierGraceMinutes * MinuteMs) && waited >= _options.BarrierWait;
    }

    private async Task AdvanceAsync(bool flush, CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            var (minuteMs, candles) = _pending.First();
            if (!Ready(minuteMs, candles, flush))
            {
                return;
            }

            try
            {
                await DecideMinuteAsync(minuteMs, candles, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The engine may hold half of this minute: drop it; the next call rebuilds it from the stores.
                _engine = null;
                throw;
            }

            _pending.Remove(minuteMs);
            _firstBufferedTicks.Remove(minuteMs);
        }
    }

    private async Task DecideMinuteAsync(long minuteMs, Dictionary<string, Candle> candles, CancellationToken cancellationToken)
    {
        var engine = _engine!;
        var closeMs = minuteMs + MinuteMs;
        await FillFromStoreAsync(minuteMs, candles, cancellationToken).ConfigureAwait(false);
        var inputs = new MinuteInputs();
        foreach (var symbol in _symbols)
        {
            if (!candles.ContainsKey(symbol))
            {
                inputs.Missing.Add(symbol);
            }
        }

        var swings = _options.ResampleMacro ? [] : await ReadLiveMacroAsync(closeMs, candles, inputs, cancellationToken).ConfigureAwait(false);
        var listener = new Collector(engine);
        Apply(engine, candles, inputs, swings, listener, trade: true);
        await CommitAsync(listener, closeMs, cancellationToken).ConfigureAwait(false);
        if (!inputs.IsEmpty)
        {
            await _ports.State.PutAsync(MinuteInputs.Collection, MinuteInputs.Key(minuteMs), inputs.ToJson(), cancellationToken).ConfigureAwait(false);
        }

        if (_watermark is null)
        {
            await _ports.State.TryCreateAsync(StateCollection, OriginKey, Ms(minuteMs), cancellationToken).ConfigureAwait(false);
        }

        await _ports.State.PutAsync(StateCollection, WatermarkKey, Ms(minuteMs), cancellationToken).ConfigureAwait(false);
        _watermark = minuteMs;
        if (inputs.Missing.Count > 0)
        {
            _logger.LogWarning("Minute {Minute} decided without a candle of {Symbols}", WireNames.Time(minuteMs), string.Join(",", inputs.Missing));
        }
    }

    /// <summary>Applies one minute to the engine: bias changes, then each present symbol in ordinal order with its swing intent.</summary>
    private void Apply(TradingEngine engine, Dictionary<string, Candle> candles, MinuteInputs inputs, Dictionary<string, MacroSignal> swings, IEngineListener listener, bool trade)
    {
        foreach (var bias in inputs.Biases)
        {
            engine.SetBias(bias);
            _currentBias[bias.Symbol] = bias;
        }

        foreach (var symbol in _symbols)
        {
            if (candles.TryGetValue(symbol, out var candle))
            {
                engine.OnCandle(engine.Symbol(symbol), candle, listener, trade, swings.GetValueOrDefault(symbol));
            }
        }
    }

    /// <summary>A symbol without a buffered candle may still have one in the store (its event was taken before a restart, or arrived out of order).</summary>
    private async Task FillFromStoreAsync(long minuteMs, Dictionary<string, Candle> candles, CancellationToken cancellationToken)
    {
        foreach (var symbol in _symbols)
        {
            if (candles.ContainsKey(symbol))
            {
                continue;
            }

            var stored = await _ports.Candles.ReadAsync(symbol, minuteMs, minuteMs + MinuteMs, cancellationToken).ConfigureAwait(false);
            if (stored.Count > 0 && stored[0].OpenTimeMs == minuteMs)
            {
                candles[symbol] = stored[0];
            }
        }
    }

    /// <summary>Reads the bias store and the swing intents for a live minute; records what changes in <paramref name="inputs"/>.</summary>
    private async Task<Dictionary<string, MacroSignal>> ReadLiveMacroAsync(long closeMs, Dictionary<string, Candle> candles, MinuteInputs inputs, CancellationToken cancellationToken)
    {
        foreach (var bias in await _ports.Biases.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_universe.Contains(bias.Symbol) && bias.PublishedAtMs <= closeMs && !Equals(_currentBias.GetValueOrDefault(bias.Symbol), bias))
            {
                inputs.Biases.Add(bias);
            }
        }

        var swings = new Dictionary<string, MacroSignal>(StringComparer.Ordinal);
        foreach (var (key, json) in await _ports.State.ListAsync(SwingIntentCodec.Collection, cancellationToken).ConfigureAwait(false))
        {
            if (_appliedSwings.Contains(key))
            {
                continue;
            }

            (string Id, string Symbol, MacroSignal Signal) intent;
            try
            {
                intent = SwingIntentCodec.Decode(json);
            }
            catch (FormatException e)
            {
                _logger.LogError("Swing intent {Key} is unreadable and is skipped: {Error}", key, e.Message);
                _appliedSwings.Add(key);
                continue;
            }

            var ready = intent.Signal.CandleOpenTimeMs + FiveMinutesMs;
            if (ready > closeMs || !candles.ContainsKey(intent.Symbol) || !_universe.Contains(intent.Symbol))
            {
                continue;
            }

            if (closeMs - ready > _options.SwingIntentMaxAgeMinutes * MinuteMs)
            {
                _logger.LogWarning("Swing intent {Id} is {Minutes} minutes old and is not applied", intent.Id, (closeMs - ready) / MinuteMs);
                _appliedSwings.Add(key);
                continue;
            }

            if (!swings.TryGetValue(intent.Symbol, out var other) || other.CandleOpenTimeMs < intent.Signal.CandleOpenTimeMs)
            {
                swings[intent.Symbol] = intent.Signal;
            }
        }

        foreach (var (symbol, signal) in swings)
        {
            var id = SwingIntentCodec.KeyFor(symbol, signal.CandleOpenTimeMs);
            inputs.Swings.Add(SwingIntentCodec.Encode(symbol, signal));
            _appliedSwings.Add(id);
            _currentBias[symbol] = signal.Bias;
        }

        return swings;
    }

    /// <summary>Writes the positions and publishes the messages a minute produced, in the order the engine produced them.</summary>
    private async Task CommitAsync(Collector listener, long decidedAtMs, CancellationToken cancellationToken)
    {
        foreach (var bias in listener.Biases)
        {
            await _ports.Biases.PutAsync(bias, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (message, position) in listener.Messages)
        {
            string symbol, id;
            if (message.Type == TradeSignalMessageType.Entry)
            {
                var signal = message.Signal!;
                (symbol, id) = (signal.Symbol, signal.Id);
                var outcome = position is null ? PositionOpenOutcome.AlreadyClosed : await _ports.Positions.TryOpenAsync(position, cancellationToken).ConfigureAwait(false);
                if (outcome is PositionOpenOutcome.Conflict)
                {
                    _logger.LogWarning("Position book refused {SignalId} as conflicting; the engine's portfolio decided it: publishing it anyway", id);
                }
            }
            else
            {
                var trade = message.Trade!;
                (symbol, id) = (trade.Symbol, trade.SignalId);
                await _ports.Positions.TryCloseAsync(trade, cancellationToken).ConfigureAwait(false);
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["symbol"] = symbol,
                ["type"] = message.Type == TradeSignalMessageType.Entry ? "ENTRY" : "EXIT",
                ["signal_id"] = id,
            };
            await _ports.Bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(TradeSignalMessageCodec.Encode(message), attributes, symbol), cancellationToken).ConfigureAwait(false);
            LogEmitted(message, symbol, id, decidedAtMs);
            if (_published is not null)
            {
                await _published(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The <c>signal_emitted</c> event Cloud Monitoring counts (docs/deploy.md): latency from the deciding candle's close to the publish.</summary>
    private void LogEmitted(TradeSignalMessage message, string symbol, string id, long decidedAtMs)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var (kind, direction) = message.Type == TradeSignalMessageType.Entry
            ? ($"{WireNames.Of(message.Signal!.Kind).ToLowerInvariant()} entry", WireNames.Of(message.Signal.Side))
            : ("exit", WireNames.Of(message.Trade!.Side));
        var latency = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - decidedAtMs;
        using (_logger.BeginScope(new Dictionary<string, object?> { ["event"] = "signal_emitted" }))
        {
            _logger.LogInformation("Published {kind} {symbol} {direction} {signal_id} ({latency_ms} ms after the candle closed)", kind, symbol, direction, id, latency);
        }
    }

    private async Task<TradingEngine> EnsureEngineAsync(CancellationToken cancellationToken)
    {
        if (_engine is { } engine)
        {
            return engine;
        }

        var started = Stopwatch.GetTimestamp();
        engine = new TradingEngine(_config, _options.ResampleMacro);
        _appliedSwings.Clear();
        _currentBias.Clear();
        _watermark = await ReadMsAsync(WatermarkKey, cancellationToken).ConfigureAwait(false);
        if (_watermark is { } watermark)
        {
            // Candles buffered before the rebuild stay (their events are taken); decided minutes go.
            foreach (var decided in _pending.Keys.Where(m => m <= watermark).ToList())
            {
                _pending.Remove(decided);
                _firstBufferedTicks.Remove(decided);
            }

            var origin = await ReadMsAsync(OriginKey, cancellationToken).ConfigureAwait(false) ?? watermark;
            var replayed = await ReplayAsync(engine, origin, watermark, cancellationToken).ConfigureAwait(false);
            await LoadUndecidedAsync(watermark, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation(
                "Rebuilt the engine from {Candles} stored candles ({From} to {To}) in {Ms} ms; {Pending} later minutes are waiting",
                replayed, WireNames.Time(origin), WireNames.Time(watermark), (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, _pending.Count);
        }

        _engine = engine;
        return engine;
    }

    /// <summary>Replays the decided minutes origin..watermark into <paramref name="engine"/>, as they were decided, publishing nothing.</summary>
    private async Task<int> ReplayAsync(TradingEngine engine, long originMs, long watermarkMs, CancellationToken cancellationToken)
    {
        var journal = new SortedDictionary<long, MinuteInputs>();
        foreach (var (key, json) in await _ports.State.ListAsync(MinuteInputs.Collection, cancellationToken).ConfigureAwait(false))
        {
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds * 1000 is var ms && ms >= originMs && ms <= watermarkMs)
            {
                journal[ms] = MinuteInputs.FromJson(key, json);
            }
        }

        var count = 0;
        var discard = new Collector(engine);
        for (var from = originMs; from <= watermarkMs; from += RebuildChunkMs)
        {
            var to = Math.Min(from + RebuildChunkMs, watermarkMs + MinuteMs);
            var minutes = new SortedDictionary<long, Dictionary<string, Candle>>();
            foreach (var symbol in _symbols)
            {
                foreach (var candle in await _ports.Candles.ReadAsync(symbol, from, to, cancellationToken).ConfigureAwait(false))
                {
                    if (!minutes.TryGetValue(candle.OpenTimeMs, out var minute))
                    {
                        minute = new Dictionary<string, Candle>(StringComparer.Ordinal);
                        minutes.Add(candle.OpenTimeMs, minute);
                    }

                    minute[symbol] = candle;
                    count++;
                }
            }

            foreach (var (minuteMs, candles) in minutes)
            {
                var inputs = journal.GetValueOrDefault(minuteMs) ?? new MinuteInputs();
                foreach (var symbol in inputs.Missing)
                {
                    candles.Remove(symbol);
                }

                var swings = new Dictionary<string, MacroSignal>(StringComparer.Ordinal);
                foreach (var json in inputs.Swings)
                {
                    var (id, symbol, signal) = SwingIntentCodec.Decode(json);
                    swings[symbol] = signal;
                    _appliedSwings.Add(id);
                    _currentBias[symbol] = signal.Bias;
                }

                Apply(engine, candles, inputs, swings, discard, trade: true);
                discard.Clear();
            }
        }

        return count;
    }

    /// <summary>After a rebuild, the stored candles past the watermark are buffered (their events may have been taken before a restart).</summary>
    private async Task LoadUndecidedAsync(long watermarkMs, CancellationToken cancellationToken)
    {
        foreach (var symbol in _symbols)
        {
            foreach (var candle in await _ports.Candles.ReadAsync(symbol, watermarkMs + MinuteMs, watermarkMs + RebuildChunkMs, cancellationToken).ConfigureAwait(false))
            {
                Buffer(symbol, candle);
            }
        }
    }

    private async Task<long?> ReadMsAsync(string key, CancellationToken cancellationToken)
    {
        var text = await _ports.State.GetAsync(StateCollection, key, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw new CorruptRecordException($"{StateCollection}/{key}", $"'{text}' is not a time in Unix milliseconds");
    }

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);

    /// <summary>Collects what the engine decided on a minute, in order.</summary>
    private sealed class Collector(TradingEngine engine) : IEngineListener
    {
        public List<(TradeSignalMessage Message, Position? Position)> Messages { get; } = [];

        public List<MacroBias> Biases { get; } = [];

        public void OnSignal(Signal signal)
        {
            Position? position = null;
            var open = engine.Portfolio.Open;
            for (var i = open.Count - 1; i >= 0; i--)
            {
                if (open[i].SignalId == signal.Id)
                {
                    position = open[i];
                    break;
                }
            }

            Messages.Add((TradeSignalMessage.ForEntry(signal, engine.Symbol(signal.Symbol).Bias), position));
        }

        public void OnSkipped(SkippedSignal skipped)
        {
        }

        public void OnExit(ClosedTrade trade) => Messages.Add((TradeSignalMessage.ForExit(trade), null));

        public void OnBias(MacroBias bias) => Biases.Add(bias);

        public void Clear()
        {
            Messages.Clear();
            Biases.Clear();
        }
    }
}
