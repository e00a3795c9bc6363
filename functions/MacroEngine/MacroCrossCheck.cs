using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// One symbol's scheduled run in the default role (<see cref="MacroEngineRole.CrossCheck"/>): the LogicEngine decides the
/// macro on the pipeline's own Bybit candles, so this run (1) republishes the symbol's stored bias on
/// <c>macro-bias-updates</c>, a safety net for a subscriber that missed the LogicEngine's event, and (2) cross-checks:
/// the same <see cref="MacroRules"/> on Kraken's (else CryptoCompare's) candles decide the last closed 5-minute candle,
/// and that is compared with what the LogicEngine decided on Bybit's candle of the same slot — <c>agrees</c>,
/// <c>differs</c>, or <c>not decided yet</c> when the LogicEngine's watermark is still before that candle's close.
/// It writes nothing: the bias store and the SWING entries are the LogicEngine's alone.
/// </summary>
/// <remarks>
/// The verdict is logged as the <c>macro_crosscheck</c> event (symbol, verdict, both sides) for a log-based metric. A
/// difference is expected now and then (two exchanges' candles differ a little, and one crossing a threshold the other
/// misses is enough); a run of them, or the LogicEngine never deciding, is what to look at.
/// </remarks>
public sealed class MacroCrossCheck
{
    private const long MinuteMs = 60_000;
    private const long FiveMinutesMs = 5 * MinuteMs;

    private readonly MacroEnginePorts _ports;
    private readonly ILogger<MacroCrossCheck> _logger;

    /// <summary>Creates the check.</summary>
    public MacroCrossCheck(MacroEnginePorts ports, ILogger<MacroCrossCheck> logger)
    {
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Runs <paramref name="symbol"/>; failures are caught, logged and returned as an <c>error</c> outcome.</summary>
    public async Task<SymbolOutcome> RunAsync(string symbol, CancellationToken cancellationToken)
    {
        MacroBias? stored;
        try
        {
            stored = await _ports.Biases.GetAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                await _ports.Bus.PublishAsync(BiasMessageCodec.Topic, BiasMessageCodec.Message(stored), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // any backend's failure (CorruptRecordException, StoreException, TopicNotFoundException) fails this symbol only
            _logger.LogError(e, "macro_run {Symbol}: republishing the stored bias failed: {Error}", symbol, e.Message);
            return new SymbolOutcome(symbol, SymbolOutcome.Failed, Error: e.Message);
        }

        MacroCandles candles;
        try
        {
            candles = await _ports.Feed.FetchAsync(symbol, cancellationToken).ConfigureAwait(false);
        }
        catch (MacroCandlesUnavailableException e)
        {
            _logger.LogError("macro_crosscheck {Symbol} failed: {Error} (the stored bias was republished)", symbol, e.Message);
            return new SymbolOutcome(symbol, SymbolOutcome.Failed, Error: e.Message);
        }

        if (candles.FiveMinute.Count == 0)
        {
            return new SymbolOutcome(symbol, SymbolOutcome.Failed, candles.Source, candles.Pair, Error: $"{candles.Source} gave no closed 5-minute candle", KrakenError: candles.KrakenError);
        }

        var slot = candles.FiveMinute[^1].OpenTimeMs;
        var decidedAtMs = slot + FiveMinutesMs;
        var theirs = MacroRunner.Decide(symbol, candles.FourHour, candles.FiveMinute, _ports.Macro);
        var signalId = theirs is null ? null : SwingIntentCodec.KeyFor(symbol, slot);
        string verdict;
        try
        {
            var watermark = await _ports.State.GetAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, cancellationToken).ConfigureAwait(false);
            var decidedUpTo = long.TryParse(watermark, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? ms + MinuteMs : long.MinValue;
            var ours = stored is not null && stored.PublishedAtMs == decidedAtMs ? stored.Side : (Direction?)null;
            verdict = decidedUpTo < decidedAtMs ? SymbolOutcome.NotDecidedYet
                : ours == theirs?.Bias.Side ? SymbolOutcome.Agrees
                : SymbolOutcome.Differs;
            var level = verdict == SymbolOutcome.Differs ? LogLevel.Warning : LogLevel.Information;
            using (_logger.BeginScope(new Dictionary<string, object?> { ["event"] = "macro_crosscheck" }))
            {
                _logger.Log(level, "macro_crosscheck {Symbol} {Slot}: {Verdict} (Bybit, LogicEngine: {Ours}; {Source} {Pair}: {Theirs})",
                    symbol, WireNames.Time(slot), verdict, Describe(ours), candles.Source, candles.Pair, Describe(theirs?.Bias.Side));
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "macro_crosscheck {Symbol}: reading the LogicEngine's watermark failed: {Error}", symbol, e.Message);
            return new SymbolOutcome(symbol, SymbolOutcome.Failed, candles.Source, candles.Pair, signalId, e.Message, candles.KrakenError);
        }

        return new SymbolOutcome(symbol, verdict, candles.Source, candles.Pair, signalId, KrakenError: candles.KrakenError);
    }

    private static string Describe(Direction? side) => side is { } s ? WireNames.Of(s) : "no signal";
}
