namespace CryptoSignalTracker.Core.Ports;

/// <summary>A message as delivered to a subscription handler.</summary>
/// <param name="MessageId">Id the bus gave the message when it was published (the same on every redelivery).</param>
/// <param name="Data">The payload.</param>
/// <param name="Attributes">String attributes.</param>
/// <param name="OrderingKey">Ordering key, "" if none.</param>
/// <param name="PublishTime">When the bus accepted the message (UTC).</param>
/// <param name="DeliveryAttempt">1 on first delivery, 2 on the first redelivery, ...</param>
public sealed record ReceivedBusMessage(
    string MessageId,
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Attributes,
    string OrderingKey,
    DateTimeOffset PublishTime,
    int DeliveryAttempt);
