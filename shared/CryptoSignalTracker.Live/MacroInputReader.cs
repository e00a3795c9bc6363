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
/// has, so that a change is applied once.
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
    private readonly HashSet<string> _appliedSwings = new(StringComparer.Ordinal);
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

            if (closeMs - ready > _swingIntentMaxAgeMinutes * MinuteMs)
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

    /// <summary>The swing intents a journalled minute applied (a rebuild), marked applied.</summary>
    public Dictionary<string, MacroSignal> FromJournal(MinuteInputs inputs)
    {
        var swings = new Dictionary<string, MacroSignal>(StringComparer.Ordinal);
        foreach (var json in inputs.Swings)
        {
            var (id, symbol, signal) = SwingIntentCodec.Decode(json);
            swings[symbol] = signal;
            _appliedSwings.Add(id);
            _currentBias[symbol] = signal.Bias;
        }

        return swings;
    }
}
