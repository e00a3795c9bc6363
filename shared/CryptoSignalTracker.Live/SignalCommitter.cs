using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live;

/// <summary>
/// Writes what the engine decided and publishes it on <c>trade-signals-micro</c>: the decided minutes' positions and
/// ENTRY/EXIT messages (with the <c>signal_emitted</c> event), and the forming-candle early warnings. Both paths build
/// the message attributes in one place.
/// </summary>
internal sealed class SignalCommitter
{
    private readonly LivePorts _ports;
    private readonly Func<TradeSignalMessage, CancellationToken, Task>? _published;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the committer.</summary>
    /// <param name="ports">The position book, bias store and bus written to.</param>
    /// <param name="published">Called with every decided message after it is published, in order.</param>
    /// <param name="logger">Log sink (the engine's).</param>
    /// <param name="timeProvider">Clock of the <c>signal_emitted</c> latency.</param>
    public SignalCommitter(LivePorts ports, Func<TradeSignalMessage, CancellationToken, Task>? published, ILogger logger, TimeProvider timeProvider)
    {
        _ports = ports;
        _published = published;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Writes the positions and publishes the messages a minute produced, in the order the engine produced them.</summary>
    public async Task CommitAsync(DecisionCollector decisions, long decidedAtMs, CancellationToken cancellationToken)
    {
        foreach (var bias in decisions.Biases)
        {
            // Stored, then published on macro-bias-updates: the biases the backtest's JSON lists, each once per decided
            // minute (a minute decided again after a failure republishes the same bias, a state message).
            await _ports.Biases.PutAsync(bias, cancellationToken).ConfigureAwait(false);
            await _ports.Bus.PublishAsync(BiasMessageCodec.Topic, BiasMessageCodec.Message(bias), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (message, position) in decisions.Messages)
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

            await PublishAsync(message, symbol, id, forming: false, cancellationToken).ConfigureAwait(false);
            LogEmitted(message, symbol, id, decidedAtMs);
            if (_published is not null)
            {
                await _published(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Publishes the forming-candle signal <paramref name="signal"/> as an ENTRY marked forming (no position, no callback).</summary>
    public Task PublishFormingAsync(Signal signal, MacroBias? bias, CancellationToken cancellationToken) =>
        PublishAsync(TradeSignalMessage.ForEntry(signal, bias), signal.Symbol, signal.Id, forming: true, cancellationToken);

    private async Task PublishAsync(TradeSignalMessage message, string symbol, string id, bool forming, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["symbol"] = symbol,
            ["type"] = message.Type == TradeSignalMessageType.Entry ? "ENTRY" : "EXIT",
            ["signal_id"] = id,
        };
        if (forming)
        {
            attributes["forming"] = "true";
        }

        try
        {
            await _ports.Bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(TradeSignalMessageCodec.Encode(message), attributes, symbol), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            // The bus may now hold the symbol's key so nothing newer overtakes this message's retry. The engine publishes
            // one message at a time under its gate, and a failed publish fails the call: the engine is rebuilt from the
            // watermark and decides (and publishes) this minute again before anything newer on the key. That retry is
            // this committer's next publish on the key, so the key is resumed here, as the failure is handed up.
            _ports.Bus.ResumePublish(TradeSignalMessageCodec.Topic, symbol);
            throw;
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
}
