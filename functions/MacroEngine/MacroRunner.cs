using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Kraken;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// One symbol's macro run: Kraken's closed 4-hour and 5-minute candles replayed through a fresh <see cref="MacroRules"/>
/// (each 4-hour candle fed once it had closed by the 5-minute candle's close: no lookahead); only a signal on the
/// <b>last</b> closed 5-minute candle counts. It stores the bias, then claims the signal id in
/// <see cref="IdempotencyScopes.EmittedSignals"/> and, if this run won the claim, publishes the bias to
/// <c>macro-bias-updates</c> and the SWING entry to <c>trade-signals-micro</c>.
/// </summary>
/// <remarks>
/// The claim is taken before publishing, so a retried run never publishes twice; a publish that fails after the
/// claim loses that signal (reported as an error). The entry's quantity is 0: this function holds no portfolio, sizing
/// belongs to whoever opens the position.
/// </remarks>
public sealed class MacroRunner
{
    private const int FiveMinutes = 5;
    private const int FourHours = 240;
    private const long FiveMinutesMs = FiveMinutes * 60_000L;
    private const long FourHoursMs = FourHours * 60_000L;

    private readonly KrakenOhlcClient _kraken;
    private readonly IBiasStore _biases;
    private readonly IMessageBus _bus;
    private readonly IIdempotencyStore _claims;
    private readonly MacroOptions _macro;
    private readonly ILogger<MacroRunner> _logger;

    /// <summary>Creates the runner.</summary>
    public MacroRunner(KrakenOhlcClient kraken, IBiasStore biases, IMessageBus bus, IIdempotencyStore claims, MacroOptions macro, ILogger<MacroRunner> logger)
    {
        _kraken = kraken ?? throw new ArgumentNullException(nameof(kraken));
        _biases = biases ?? throw new ArgumentNullException(nameof(biases));
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        _claims = claims ?? throw new ArgumentNullException(nameof(claims));
        _macro = (macro ?? throw new ArgumentNullException(nameof(macro))).Validate();
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
        var pair = KrakenPairs.For(symbol);
        try
        {
            var fourHour = await _kraken.GetClosedCandlesAsync(pair, FourHours, cancellationToken).ConfigureAwait(false);
            var fiveMinute = await _kraken.GetClosedCandlesAsync(pair, FiveMinutes, cancellationToken).ConfigureAwait(false);
            if (Decide(symbol, fourHour, fiveMinute, _macro) is not { } signal)
            {
                _logger.LogInformation("macro_run {Symbol}: no signal on the last closed 5m candle ({Candles5m} 5m, {Candles4h} 4h)", symbol, fiveMinute.Count, fourHour.Count);
                return new SymbolOutcome(symbol, pair, SymbolOutcome.NoSignal);
            }

            var id = Signal.MakeId(symbol, signal.CandleOpenTimeMs, MacroRules.StrategyId);
            await _biases.PutAsync(signal.Bias, cancellationToken).ConfigureAwait(false);
            if (!await _claims.TryClaimAsync(IdempotencyScopes.EmittedSignals, id, cancellationToken).ConfigureAwait(false))
            {
                _logger.LogInformation("macro_run {Symbol}: signal {SignalId} was already published", symbol, id);
                return new SymbolOutcome(symbol, pair, SymbolOutcome.AlreadyPublished, id);
            }

            var intent = signal.Intent;
            var entry = new Signal(id, symbol, signal.CandleOpenTimeMs, intent.Side, SignalKind.Swing, intent.Entry, intent.StopLoss, intent.TakeProfit,
                0, intent.Strength, intent.Reason, MacroRules.StrategyId);
            var attributes = new Dictionary<string, string> { ["symbol"] = symbol };
            await _bus.PublishAsync(BiasMessageCodec.Topic, new BusMessage(BiasMessageCodec.Encode(signal.Bias), attributes), cancellationToken).ConfigureAwait(false);
            await _bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(TradeSignalMessageCodec.EncodeEntry(entry, signal.Bias), attributes), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("macro_signal {Symbol} {SignalId} {Side} confidence {Confidence}", symbol, id, WireNames.Of(intent.Side), intent.Strength);
            return new SymbolOutcome(symbol, pair, SymbolOutcome.Published, id);
        }
        catch (Exception e) when (e is HttpRequestException or KrakenApiException or FormatException or TaskCanceledException or StoreException or TopicNotFoundException
            && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "macro_run {Symbol} ({Pair}) failed: {Error}", symbol, pair, e.Message);
            return new SymbolOutcome(symbol, pair, SymbolOutcome.Failed, Error: e.Message);
        }
    }
}
