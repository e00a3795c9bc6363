using System.Diagnostics;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live;

/// <summary>
/// Brings the <see cref="LiveEngine"/>'s <see cref="TradingEngine"/> back from the stores and takes its periodic
/// snapshots. A rebuild loads the newest valid snapshot at or before the watermark and replays only the minutes after it
/// (<see cref="EngineCheckpoint.ReplayAsync"/>); a snapshot that is damaged, of another format or of other settings is
/// logged and the next older one tried, then a full replay from the origin. A long replay writes a snapshot after each
/// replayed day and at its end, so the next cold start (or a rebuild resumed after a crash) starts from there.
/// </summary>
/// <remarks>
/// A rebuild is not lost to a cancelled request: it runs detached from the caller's token, and a caller whose request is
/// cancelled leaves it running; the next call waits for the same rebuild (or takes its result) instead of starting over.
/// </remarks>
internal sealed class EngineRebuilder
{
    private const long MinuteMs = 60_000;

    private readonly TradingConfig _config;
    private readonly bool _resampleMacro;
    private readonly IReadOnlyList<string> _symbols;
    private readonly int _everyMinutes;
    private readonly EngineCheckpoint _checkpoint;
    private readonly MacroInputReader _macro;
    private readonly Action<TradingEngine, Dictionary<string, Candle>, MinuteInputs, IEngineListener> _replayMinute;
    private readonly ILogger _logger;
    private readonly string _fingerprint;
    private readonly Func<TradingEngine, CancellationToken, Task>? _beforeFullReplay;
    private Task<Rebuilt>? _running;
    private long? _lastSnapshotMs;

    /// <summary>Creates the rebuilder.</summary>
    /// <param name="config">The trading configuration.</param>
    /// <param name="options">Symbols, macro mode, snapshot cadence.</param>
    /// <param name="symbols">The symbols in ordinal order.</param>
    /// <param name="checkpoint">The watermark, journal and snapshots.</param>
    /// <param name="macro">The macro reader (its memory is part of a snapshot).</param>
    /// <param name="replayMinute">Applies one journalled minute to an engine (the live path's own apply).</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="beforeFullReplay">Runs on the fresh engine before a full replay (no usable snapshot): the journalled macro warm-ups.</param>
    public EngineRebuilder(TradingConfig config, LiveEngineOptions options, IReadOnlyList<string> symbols, EngineCheckpoint checkpoint, MacroInputReader macro,
        Action<TradingEngine, Dictionary<string, Candle>, MinuteInputs, IEngineListener> replayMinute, ILogger logger,
        Func<TradingEngine, CancellationToken, Task>? beforeFullReplay = null)
    {
        _beforeFullReplay = beforeFullReplay;
        _config = config;
        _resampleMacro = options.ResampleMacro;
        _symbols = symbols;
        _everyMinutes = options.SnapshotEveryMinutes;
        _checkpoint = checkpoint;
        _macro = macro;
        _replayMinute = replayMinute;
        _logger = logger;
        _fingerprint = EngineSnapshot.Fingerprint(config, options.ResampleMacro, symbols);
    }

    /// <summary>
    /// The rebuilt engine: waits for the rebuild under way (starting one when none is), giving up the wait, not the
    /// rebuild, when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<Rebuilt> RebuildAsync(CancellationToken cancellationToken)
    {
        var running = _running ??= Task.Run(RunAsync, CancellationToken.None);
        try
        {
            var rebuilt = await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            _running = null;
            return rebuilt;
        }
        catch when (running.IsCompleted)
        {
            _running = null; // failed: the next call starts again
            throw;
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("The request was cancelled during the engine rebuild; the rebuild goes on and the next event takes its result");
            throw;
        }
    }

    /// <summary>True when a snapshot is due after the decided minute <paramref name="minuteMs"/>.</summary>
    public bool SnapshotDue(long minuteMs)
    {
        if (_everyMinutes == 0)
        {
            return false;
        }

        _lastSnapshotMs ??= minuteMs;
        return minuteMs - _lastSnapshotMs.Value >= _everyMinutes * MinuteMs;
    }

    /// <summary>
    /// Snapshots <paramref name="engine"/> (and the macro reader) as of the decided minute <paramref name="minuteMs"/>. A
    /// store failure is logged and costs only a longer next rebuild; a lost lease is not caught.
    /// </summary>
    public async Task SnapshotAsync(TradingEngine engine, long minuteMs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var macro = new EngineStateWriter();
        _macro.Save(macro);
        var json = new EngineSnapshot(minuteMs, engine.SaveState(), macro.ToArray()).Encode(_fingerprint, _symbols);
        try
        {
            var deleted = await _checkpoint.SaveSnapshotAsync(minuteMs, json, cancellationToken).ConfigureAwait(false);
            _lastSnapshotMs = minuteMs;
            _logger.LogInformation("Snapshot of the engine at {Minute} written ({Bytes} bytes, {Deleted} older snapshot and journal entries deleted) in {Ms} ms",
                WireNames.Time(minuteMs), json.Length, deleted, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (StoreException e)
        {
            _logger.LogWarning("Snapshot of the engine at {Minute} not written (the next rebuild replays from an older one): {Error}", WireNames.Time(minuteMs), e.Message);
        }
    }

    private async Task<Rebuilt> RunAsync()
    {
        var cancellationToken = CancellationToken.None;
        var started = Stopwatch.GetTimestamp();
        var engine = new TradingEngine(_config, _resampleMacro);
        _macro.Reset();
        var watermark = await _checkpoint.ReadWatermarkAsync(cancellationToken).ConfigureAwait(false);
        if (watermark is not { } watermarkMs)
        {
            return new Rebuilt(engine, null, []);
        }

        long? snapshotMs = null;
        var snapshots = await _checkpoint.ListSnapshotsAsync(watermarkMs, cancellationToken).ConfigureAwait(false);
        foreach (var (minuteMs, key, json) in snapshots)
        {
            try
            {
                var snapshot = EngineSnapshot.Decode(key, json, _fingerprint, _symbols);
                engine.LoadState(snapshot.Engine);
                _macro.Load(new EngineStateReader(snapshot.Macro));
                snapshotMs = minuteMs;
                break;
            }
            catch (FormatException e)
            {
                _logger.LogWarning("Snapshot {Key} not used, trying an older one or a full replay: {Reason}", key, e.Message);
                engine = new TradingEngine(_config, _resampleMacro);
                _macro.Reset();
            }
        }

        long fromMs;
        if (snapshotMs is { } loaded)
        {
            fromMs = loaded + MinuteMs;
        }
        else
        {
            fromMs = await _checkpoint.ReadOriginAsync(cancellationToken).ConfigureAwait(false) ?? watermarkMs;
            if (_beforeFullReplay is not null)
            {
                await _beforeFullReplay(engine, cancellationToken).ConfigureAwait(false);
            }

            if (snapshots.Count > 0)
            {
                _logger.LogWarning("No usable snapshot among {Count}: full replay from {Origin} (the journal before the oldest kept snapshot is gone, minutes decided without a candle there replay with it)",
                    snapshots.Count, WireNames.Time(fromMs));
            }
        }

        _lastSnapshotMs = snapshotMs ?? fromMs;
        var discard = new DecisionCollector(engine);
        var replayed = await _checkpoint.ReplayAsync(fromMs, watermarkMs, (candles, inputs) =>
        {
            _replayMinute(engine, candles, inputs, discard);
            discard.Clear();
        }, cancellationToken, async dayEndMs =>
        {
            if (SnapshotDue(dayEndMs))
            {
                await SnapshotAsync(engine, dayEndMs, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        var undecided = await _checkpoint.ReadUndecidedAsync(watermarkMs, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation(
            "Rebuilt the engine from {Source} and {Candles} stored candles ({From} to {To}) in {Ms} ms",
            snapshotMs is { } s ? $"the snapshot of {WireNames.Time(s)}" : "nothing (full replay)", replayed, WireNames.Time(fromMs), WireNames.Time(watermarkMs),
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new Rebuilt(engine, watermarkMs, undecided);
    }

    /// <summary>A rebuilt engine, its watermark (null before the first decided minute) and the stored candles after it.</summary>
    public sealed record Rebuilt(TradingEngine Engine, long? Watermark, List<(string Symbol, Candle Candle)> Undecided);
}
