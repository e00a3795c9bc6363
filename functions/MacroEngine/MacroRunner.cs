using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// One symbol's macro run in role <see cref="MacroEngineRole.Decide"/> (Kraken decides; the default role is <see cref="MacroCrossCheck"/>): the closed 4-hour and 5-minute candles (<see cref="MacroCandleFeed"/>: Kraken, else
/// CryptoCompare) replayed through a fresh <see cref="MacroRules"/> (each 4-hour candle fed once it had closed by the
/// 5-minute candle's close: no lookahead); only a signal on the <b>last</b> closed 5-minute candle counts. On a signal
/// it stores the bias (<see cref="IBiasStore"/>), records the SWING intent once
/// (<see cref="IStateStore.TryCreateAsync"/> in <see cref="SwingIntentCodec.Collection"/> under the signal id) and
/// publishes the bias to <c>macro-bias-updates</c>. When a newer bias is already stored (a slow run finishing after the
/// next one), that one is kept and this run's bias is neither stored nor published; the intent is still recorded.
/// </summary>
/// <remarks>
/// The runner opens no position and publishes no SWING entry: the LogicEngine reads the intent on the next minute it
/// processes, opens the position through the one portfolio (sizing, conflict rules) and publishes the entry. Every step
/// is idempotent, so a re-run on the same candles (a retry, a second instance, a crash between steps) repeats what was
/// missing and changes nothing else: the bias put writes the same record (never over a newer one), an existing
/// intent is never overwritten (the LogicEngine marks the ones it applied), and the bias message is a state message
/// that may arrive twice.
/// </remarks>
public sealed class MacroRunner
{
    private const long FiveMinutesMs = 5 * 60_000L;
    private const long FourHoursMs = 240 * 60_000L;

    private readonly MacroEnginePorts _ports;
    private readonly ILogger<MacroRunner> _logger;

    /// <summary>Creates the runner.</summary>
    public MacroRunner(MacroEnginePorts ports, ILogger<MacroRunner> logger)
    {
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Decides on the last closed 5-minute candle of <paramref name="fourHour"/>/<paramref name="fiveMinute"/> (ascending, closed).</summary>
    public static MacroSignal? Decide(string symbol, IReadOnlyList<Candle> fourHour, IReadOnlyList<Candle> fiveMinute, MacroOptions options)
    {
        var rules = new MacroRules(symbol, options);
        var next4h = 0;
        MacroSignal? last = null;
        foreach (var m5 in fiveMinute)
        {
            var closeMs = m5.OpenTimeMs + FiveMinutesMs;
            while (next4h < fourHour.Count && fourHour[next4h].OpenTimeMs + FourHoursMs <= closeMs)
            {
                rules.On4HourCandle(fourHour[next4h++]);
            }

            last = rules.On5MinuteCandle(m5);
        }

        return last;
    }

    /// <summary>Runs <paramref name="symbol"/>; failures are caught, logged and returned as an <c>error</c> outcome.</summary>
    public async Task<SymbolOutcome> RunAsync(string symbol, CancellationToken cancellationToken)
    {
        MacroCandles candles;
        try
        {
            candles = await _ports.Feed.FetchAsync(symbol, cancellationToken).ConfigureAwait(false);
        }
        catch (MacroCandlesUnavailableException e)
        {
            _logger.LogError("macro_run {Symbol} failed: {Error}", symbol, e.Message);
            return new SymbolOutcome(symbol, SymbolOutcome.Failed, Error: e.Message);
        }

        var id = (string?)null;
        try
        {
            if (Decide(symbol, candles.FourHour, candles.FiveMinute, _ports.Macro) is not { } signal)
            {
                _logger.LogInformation("macro_run {Symbol}: no signal on the last closed 5m candle ({Source}: {Candles5m} 5m, {Candles4h} 4h)",
                    symbol, candles.Source, candles.FiveMinute.Count, candles.FourHour.Count);
                return Outcome(symbol, candles, SymbolOutcome.NoSignal);
            }

            id = SwingIntentCodec.KeyFor(symbol, signal.CandleOpenTimeMs);
            var newerStored = await NewerStoredBiasAsync(signal.Bias, cancellationToken).ConfigureAwait(false);
            if (newerStored is null)
            {
                await _ports.Biases.PutAsync(signal.Bias, cancellationToken).ConfigureAwait(false);
            }

            var created = await _ports.State.TryCreateAsync(SwingIntentCodec.Collection, id, SwingIntentCodec.Encode(symbol, signal), cancellationToken).ConfigureAwait(false);
            if (newerStored is null)
            {
                await _ports.Bus.PublishAsync(BiasMessageCodec.Topic, BiasMessageCodec.Message(signal.Bias), cancellationToken).ConfigureAwait(false);
            }

            if (!created)
            {
                _logger.LogInformation("macro_run {Symbol}: swing intent {SignalId} was already recorded; bias republished", symbol, id);
                return Outcome(symbol, candles, SymbolOutcome.AlreadyRecorded, id);
            }

            _logger.LogInformation("macro_signal {Symbol} {SignalId} {Side} confidence {Confidence} from {Source}",
                symbol, id, WireNames.Of(signal.Intent.Side), signal.Bias.Confidence, candles.Source);
            return Outcome(symbol, candles, SymbolOutcome.Recorded, id);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // any backend's failure (StoreException, TopicNotFoundException, a transport error) fails this symbol only
            _logger.LogError(e, "macro_run {Symbol} ({Source} {Pair}) failed: {Error}", symbol, candles.Source, candles.Pair, e.Message);
            return Outcome(symbol, candles, SymbolOutcome.Failed, id) with { Error = e.Message };
        }
    }

    /// <summary>
    /// The stored bias of the symbol when it is newer than <paramref name="ours"/> (a later run already stored and
    /// published it), else null. A stored record that cannot be read is replaced.
    /// </summary>
    private async Task<MacroBias?> NewerStoredBiasAsync(MacroBias ours, CancellationToken cancellationToken)
    {
        MacroBias? stored;
        try
        {
            stored = await _ports.Biases.GetAsync(ours.Symbol, cancellationToken).ConfigureAwait(false);
        }
        catch (CorruptRecordException e)
        {
            _logger.LogWarning("macro_run {Symbol}: the stored bias is unreadable and is replaced: {Error}", ours.Symbol, e.Message);
            return null;
        }

        if (stored is null || stored.PublishedAtMs <= ours.PublishedAtMs)
        {
            return null;
        }

        _logger.LogWarning("macro_run {Symbol}: the stored bias, published {Stored}, is newer than this run's ({Ours}); it is kept and not republished",
            ours.Symbol, stored.PublishedAtMs, ours.PublishedAtMs);
        return stored;
    }

    private static SymbolOutcome Outcome(string symbol, MacroCandles candles, string status, string? signalId = null) =>
        new(symbol, status, candles.Source, candles.Pair, signalId, KrakenError: candles.KrakenError);
}
