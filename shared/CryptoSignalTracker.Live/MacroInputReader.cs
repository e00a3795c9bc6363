using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The macro inputs of a live minute (<see cref="LiveEngineOptions.ResampleMacro"/> off): the bias store's changes and the
/// MacroEngine's swing intents, read once per minute and recorded in the minute's <see cref="MinuteInputs"/>; on a
/// rebuild, the same inputs taken back from the journal. Remembers which intents were applied and the bias each symbol
/// has, so that a change is applied once. An intent applied, stale or unreadable is deleted from the store once its minute
/// is committed (<see cref="ForgetAppliedAsync"/>), and forgotten here once it could no longer be applied anyway, so
/// neither the per-minute listing nor this memory grows with the months.
/// </summary>
internal sealed class MacroInputReader
{
    private const long MinuteMs = 60_000;
    private const long FiveMinutesMs = 5 * MinuteMs;

    private readonly IBiasStore _biases;
    private readonly IStateStore _state;
    private readonly IReadOnlySet<string> _universe;
    private readonly int _swingIntentMaxAgeMinutes;
    private readonly ILogger _logger;
    private readonly Dictionary<string, long> _appliedSwings = new(StringComparer.Ordinal);
    private readonly List<string> _toDelete = [];
    private readonly Dictionary<string, MacroBias> _currentBias = new(StringComparer.Ordinal);

    /// <summary>Creates the reader.</summary>
    public MacroInputReader(IBiasStore biases, IStateStore state, IReadOnlySet<string> universe, int swingIntentMaxAgeMinutes, ILogger logger)
    {
        _biases = biases;
        _state = state;
        _universe = universe;
        _swingIntentMaxAgeMinutes = swingIntentMaxAgeMinutes;
        _logger = logger;
    }

    /// <summary>Forgets what was applied (the engine is being rebuilt from nothing).</summary>
    public void Reset()
    {
        _appliedSwings.Clear();
        _currentBias.Clear();
        _toDelete.Clear();
    }

    /// <summary>Records that the engine now has <paramref name="bias"/>.</summary>
    public void Applied(MacroBias bias) => _currentBias[bias.Symbol] = bias;

    /// <summary>Reads the bias store and the swing intents for a live minute closing at <paramref name="closeMs"/>; records what changes in <paramref name="inputs"/>.</summary>
    public async Task<Dictionary<string, MacroSignal>> ReadAsync(long closeMs, Dictionary<string, Candle> candles, MinuteInputs inputs, CancellationToken cancellationToken)
    {
        foreach (var bias in await _biases.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_universe.Contains(bias.Symbol) && bias.PublishedAtMs <= closeMs && !Equals(_currentBias.GetValueOrDefault(bias.Symbol), bias))
            {
                inputs.Biases.Add(bias);
            }
        }

        var swings = new Dictionary<string, MacroSignal>(StringComparer.Ordinal);
        foreach (var (key, json) in await _state.ListAsync(SwingIntentCodec.Collection, cancellationToken).ConfigureAwait(false))
        {
            if (_appliedSwings.ContainsKey(key))
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
                _logger.LogError("Swing intent {Key} is unreadable and is skipped (and deleted): {Error}", key, e.Message);
                MarkApplied(key, closeMs);
                continue;
            }

            var ready = intent.Signal.CandleOpenTimeMs + FiveMinutesMs;
            if (ready > closeMs || !candles.ContainsKey(intent.Symbol) || !_universe.Contains(intent.Symbol))
            {
                continue;
            }

            if (closeMs - ready > _swingIntentMaxAgeMinutes * MinuteMs)
            {
                _logger.LogWarning("Swing intent {Id} is {Minutes} minutes old and is not applied (deleted)", intent.Id, (closeMs - ready) / MinuteMs);
                MarkApplied(key, ready);
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
            MarkApplied(id, signal.CandleOpenTimeMs + FiveMinutesMs);
            _currentBias[symbol] = signal.Bias;
        }

        return swings;
    }

    /// <summary>The swing intents a journalled minute applied (a rebuild), marked applied.</summary>
    public Dictionary<string, MacroSignal> FromJournal(MinuteInputs inputs)
    {
        var swings = new Dictionary<string, MacroSignal>(StringComparer.Ordinal);
        foreach (var json in inputs.Swings)
        {
            var (id, symbol, signal) = SwingIntentCodec.Decode(json);
            swings[symbol] = signal;
            _appliedSwings[id] = signal.CandleOpenTimeMs + FiveMinutesMs + (_swingIntentMaxAgeMinutes * MinuteMs);
            _currentBias[symbol] = signal.Bias;
        }

        return swings;
    }

    /// <summary>
    /// After the minute closing at <paramref name="closeMs"/> is committed: deletes from the store the intents that minute
    /// applied or found stale or unreadable (a failed delete is retried after the next minute; the intent's expiry removes
    /// it in any case), and forgets those that are past their last applicable minute.
    /// </summary>
    public async Task ForgetAppliedAsync(long closeMs, CancellationToken cancellationToken)
    {
        for (var i = _toDelete.Count - 1; i >= 0; i--)
        {
            try
            {
                await _state.TryDeleteAsync(SwingIntentCodec.Collection, _toDelete[i], cancellationToken).ConfigureAwait(false);
                _toDelete.RemoveAt(i);
            }
            catch (StoreException e)
            {
                _logger.LogWarning("Swing intent {Key} was applied but could not be deleted (retried after the next minute): {Error}", _toDelete[i], e.Message);
            }
        }

        foreach (var key in _appliedSwings.Where(e => e.Value < closeMs).Select(e => e.Key).ToList())
        {
            _appliedSwings.Remove(key);
        }
    }

    /// <summary>Writes what the reader remembers (engine snapshots): the intents still to be kept out, the biases applied.</summary>
    public void Save(EngineStateWriter state)
    {
        state.Write(_appliedSwings.Count);
        foreach (var (key, forgetAfterMs) in _appliedSwings.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            state.Write(key);
            state.Write(forgetAfterMs);
        }

        state.Write(_currentBias.Count);
        foreach (var (_, bias) in _currentBias.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            state.Write(bias);
        }
    }

    /// <summary>Replaces what the reader remembers with what <see cref="Save"/> wrote.</summary>
    /// <exception cref="FormatException">The state is damaged.</exception>
    public void Load(EngineStateReader state)
    {
        Reset();
        var applied = state.ReadCount(1_000_000, "applied swing intents");
        for (var i = 0; i < applied; i++)
        {
            _appliedSwings[state.ReadRequiredString("swing intent key")] = state.ReadLong();
        }

        var biases = state.ReadCount(100_000, "biases");
        for (var i = 0; i < biases; i++)
        {
            var bias = state.ReadBias() ?? throw new FormatException("engine state: a null bias in the macro reader");
            _currentBias[bias.Symbol] = bias;
        }

        state.End();
    }

    /// <summary>Marks intent <paramref name="key"/> applied (kept out until its last applicable minute) and due for deletion.</summary>
    private void MarkApplied(string key, long readyMs)
    {
        _appliedSwings[key] = readyMs + (_swingIntentMaxAgeMinutes * MinuteMs);
        _toDelete.Add(key);
    }
}
