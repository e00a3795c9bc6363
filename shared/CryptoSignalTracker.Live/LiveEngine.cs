using System.Diagnostics;
using System.Globalization;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
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
/// <para>State: the engine lives in memory and is snapshotted every <see cref="LiveEngineOptions.SnapshotEveryMinutes"/>
/// decided minutes; when it is missing (a cold start, another instance, an error mid-minute) it is rebuilt from the newest
/// valid snapshot by replaying the stored candles after it to the watermark, with the journalled bias changes and swing
/// intents (<see cref="MinuteInputs"/>), publishing nothing (<see cref="EngineRebuilder"/>; a cancelled request does not
/// lose the rebuild). Messages carry deterministic ids; a minute re-decided after a crash publishes the same messages
/// again, which consumers drop by id.</para>
/// <para>Parts: this class holds the gate (one call at a time) and the order of the steps; the <see cref="MinuteBarrier"/>
/// says when a minute may be decided, the <see cref="MacroInputReader"/> reads its macro inputs, the
/// <see cref="SignalCommitter"/> writes positions and publishes, the <see cref="EngineCheckpoint"/> keeps the watermark,
/// origin, journal and snapshots, the <see cref="EngineRebuilder"/> brings the engine back from them.</para>
/// <para>One instance at a time: the LogicEngine function wraps this class in a <see cref="LeasedLiveEngine"/> (single-writer
/// lease, fenced writes); calls into one instance are serialised.</para>
/// </remarks>
public sealed class LiveEngine
{
    /// <summary>The state collection of the watermark and origin.</summary>
    public const string StateCollection = "logic-engine";

    /// <summary>The key (in <see cref="StateCollection"/>) of the last decided minute's open time, Unix ms (the MacroEngine's cross-check reads it).</summary>
    public const string WatermarkKey = "watermark";

    /// <summary>The key (in <see cref="StateCollection"/>) of the first decided minute's open time, Unix ms: where a rebuild starts.</summary>
    public const string OriginKey = "origin";

    private const long MinuteMs = 60_000;

    private readonly TradingConfig _config;
    private readonly LiveEngineOptions _options;
    private readonly LivePorts _ports;
    private readonly ILogger<LiveEngine> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string[] _symbols;
    private readonly HashSet<string> _universe;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MinuteBarrier _barrier;
    private readonly MacroInputReader _macro;
    private readonly EngineCheckpoint _checkpoint;
    private readonly EngineRebuilder _rebuilder;
    private readonly SignalCommitter _committer;
    private readonly MacroWarmUpJournal _warmUp;
    private readonly Dictionary<string, long> _formingPublished = new(StringComparer.Ordinal);
    private TradingEngine? _engine;
    private long? _watermark;

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
        _logger = logger ?? NullLogger<LiveEngine>.Instance;
        _symbols = [.. _options.Symbols.Order(StringComparer.Ordinal)];
        _universe = new HashSet<string>(_symbols, StringComparer.Ordinal);
        _committer = new SignalCommitter(_ports, published, _logger, _timeProvider);
        _checkpoint = new EngineCheckpoint(_ports.Candles, _ports.State, _symbols, _options.SnapshotsKept);
        _macro = new MacroInputReader(_ports.Biases, _ports.State, _universe, _options.SwingIntentMaxAgeMinutes, _logger);
        _rebuilder = new EngineRebuilder(_config, _options, _symbols, _checkpoint, _macro,
            (engine, candles, inputs, listener) => Apply(engine, candles, inputs, _macro.FromJournal(inputs), listener), _logger,
            WarmUpForFullReplayAsync);
        _barrier = new MinuteBarrier(_symbols, _options.BarrierGraceMinutes, _options.BarrierWait, _timeProvider);
        var warmUpSource = _options.ResampleMacro && _options.MacroWarmUp && _config.MacroEnabled ? _ports.MacroHistory : null;
        _warmUp = new MacroWarmUpJournal(_ports.State, warmUpSource, _symbols, _config.Macro, _logger);
    }

    /// <summary>The open time of the last decided minute, once known.</summary>
    public long? Watermark => _watermark;

    /// <summary>The engine's state as a snapshot holds it (<see cref="TradingEngine.SaveState"/>); null before the first candle (tests compare rebuilds by it).</summary>
    internal byte[]? SaveEngineState() => _engine?.SaveState();

    /// <summary>The paper account as the engine sees it (rebuilt state included); null before the first candle.</summary>
    public Core.Risk.Portfolio? Portfolio => _engine?.Portfolio;

    /// <summary>
    /// Takes the closed candle <paramref name="candle"/> of <paramref name="symbol"/> and decides every minute that is
    /// complete. A candle at or before the watermark (a redelivery) changes nothing.
    /// </summary>
    /// <exception cref="UnprocessableMessageException">The symbol is not traded here or the candle is malformed.</exception>
    public Task OnCandleAsync(string symbol, Candle candle, CancellationToken cancellationToken) => TakeAsync(symbol, candle, correction: false, cancellationToken);

    /// <summary>
    /// Takes <paramref name="candle"/>, a correction of a closed minute of <paramref name="symbol"/> (rewritten by trades that
    /// arrived late), as <see cref="OnCandleAsync"/> does, except that while the minute waits undecided the correction wins
    /// over the minute's closed candle whichever arrives first (and a later correction over an earlier one).
    /// </summary>
    /// <exception cref="UnprocessableMessageException">The symbol is not traded here or the candle is malformed.</exception>
    public Task OnCorrectionAsync(string symbol, Candle candle, CancellationToken cancellationToken) => TakeAsync(symbol, candle, correction: true, cancellationToken);

    private async Task TakeAsync(string symbol, Candle candle, bool correction, CancellationToken cancellationToken)
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

            _barrier.Add(symbol, candle, correction);
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

            try
            {
                await _committer.PublishFormingAsync(signal, state.Bias, cancellationToken).ConfigureAwait(false);
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
            var listener = new DecisionCollector(engine);
            engine.Finish(listener);
            await _committer.CommitAsync(listener, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
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

        // A candle from the future would move the watermark past every real minute (and be decided and alerted).
        if ((InputRules.Candle(candle, $"candle {symbol}") ?? InputRules.Live(candle.OpenTimeMs, _timeProvider, $"candle {symbol} open time")) is { } problem)
        {
            throw new UnprocessableMessageException(problem);
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

        if (_barrier.FirstWith(symbol, minuteMs) is { } pendingMs)
        {
            _logger.LogDebug("Forming candle {Symbol} {Minute} skipped: the closed candle of {Pending} waits to be decided", symbol, WireNames.Time(minuteMs), WireNames.Time(pendingMs));
            return false;
        }

        return true;
    }

    private async Task AdvanceAsync(bool flush, CancellationToken cancellationToken)
    {
        while (_barrier.TryNext(flush, out var minuteMs, out var candles))
        {
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

            _barrier.Remove(minuteMs);
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

        if (_watermark is null)
        {
            // a new deployment: warm the 4-hour EMA up from outside before the first own minute (journalled)
            foreach (var warmUp in await _warmUp.EnsureAsync(minuteMs, cancellationToken).ConfigureAwait(false))
            {
                engine.WarmUpMacro(warmUp);
            }
        }

        var swings = _options.ResampleMacro ? [] : await _macro.ReadAsync(closeMs, candles, inputs, cancellationToken).ConfigureAwait(false);
        var listener = new DecisionCollector(engine);
        Apply(engine, candles, inputs, swings, listener);
        await _committer.CommitAsync(listener, closeMs, cancellationToken).ConfigureAwait(false);
        await _checkpoint.SaveAsync(minuteMs, inputs, first: _watermark is null, cancellationToken).ConfigureAwait(false);
        _watermark = minuteMs;
        if (!_options.ResampleMacro)
        {
            await _macro.ForgetAppliedAsync(closeMs, cancellationToken).ConfigureAwait(false);
        }

        if (_rebuilder.SnapshotDue(minuteMs))
        {
            await _rebuilder.SnapshotAsync(engine, minuteMs, cancellationToken).ConfigureAwait(false);
        }
        if (inputs.Missing.Count > 0)
        {
            _logger.LogWarning("Minute {Minute} decided without a candle of {Symbols}", WireNames.Time(minuteMs), string.Join(",", inputs.Missing));
        }
    }

    /// <summary>Applies one minute to the engine: bias changes, then each present symbol in ordinal order with its swing intent.</summary>
    private void Apply(TradingEngine engine, Dictionary<string, Candle> candles, MinuteInputs inputs, Dictionary<string, MacroSignal> swings, IEngineListener listener)
    {
        foreach (var bias in inputs.Biases)
        {
            engine.SetBias(bias);
            _macro.Applied(bias);
        }

        foreach (var symbol in _symbols)
        {
            if (candles.TryGetValue(symbol, out var candle))
            {
                engine.OnCandle(engine.Symbol(symbol), candle, listener, trade: true, swings.GetValueOrDefault(symbol));
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

    private async Task<TradingEngine> EnsureEngineAsync(CancellationToken cancellationToken)
    {
        if (_engine is { } engine)
        {
            return engine;
        }

        var rebuilt = await _rebuilder.RebuildAsync(cancellationToken).ConfigureAwait(false);
        _watermark = rebuilt.Watermark;
        if (_watermark is { } watermark)
        {
            // Candles buffered before the rebuild stay (their events are taken); decided minutes go. The store's candles
            // after the watermark are the newest version of each (a correction is stored before its event).
            _barrier.RemoveThrough(watermark);
            foreach (var (symbol, candle) in rebuilt.Undecided)
            {
                _barrier.Add(symbol, candle, correction: true);
            }

            _logger.LogInformation("{Pending} minutes after {Watermark} are waiting", _barrier.Count, WireNames.Time(watermark));
        }

        _engine = rebuilt.Engine;
        return _engine;
    }

    /// <summary>
    /// Before a full replay (no usable snapshot): the journalled macro warm-ups, the same the first minute was decided with
    /// (a snapshot already holds their effect).
    /// </summary>
    private async Task WarmUpForFullReplayAsync(TradingEngine engine, CancellationToken cancellationToken)
    {
        foreach (var warmUp in await _warmUp.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            engine.WarmUpMacro(warmUp);
        }
    }
}
