using CryptoSignalTracker.Core.Health;
using CloudNative.CloudEvents;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Sending;

namespace CryptoSignalTracker.Functions.Notifier;

/// <summary>
/// The Notifier: a Pub/Sub delivery from <c>trade-signals-micro</c> decoded with <see cref="TradeSignalMessageCodec"/>
/// and handed to the <see cref="SignalNotifier"/> (entry → one alert per subscribed chat; exit → the alerts edited).
/// A malformed message is unprocessable (dead-lettered); Telegram being down or another instance still sending the
/// same alert answers 503 so Pub/Sub redelivers it later.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : ICloudEventFunction<MessagePublishedData>
{
    private readonly SignalNotifier _notifier;
    private readonly StageHeartbeatRecorder _health;

    /// <summary>Creates the function.</summary>
    public Function(SignalNotifier notifier, StageHeartbeatRecorder health)
    {
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _health = health ?? throw new ArgumentNullException(nameof(health));
    }

    /// <inheritdoc />
    public async Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        TradeSignalMessage message;
        try
        {
            message = TradeSignalMessageCodec.Decode(data.Message.Data);
        }
        catch (FormatException e)
        {
            throw new UnprocessableMessageException($"{TradeSignalMessageCodec.Topic}: {e.Message}", e);
        }

        var notification = message.Type == TradeSignalMessageType.Entry
            ? SignalNotification.ForEntry(message.Signal!, message.Bias)
            : SignalNotification.ForExit(message.Trade!);
        try
        {
            await _notifier.HandleAsync(notification, cancellationToken);
            _health.Event(message.Type == TradeSignalMessageType.Entry ? message.Signal!.TimeMs : message.Trade!.ExitTimeMs);
        }
        catch (RetryableNotificationException e)
        {
            throw new RetryLaterException(e.Message);
        }
    }
}
