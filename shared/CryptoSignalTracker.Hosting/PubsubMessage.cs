namespace CryptoSignalTracker.Hosting;

/// <summary>
/// A Pub/Sub message as delivered in a push envelope or a <c>messagePublished</c> CloudEvent
/// (proto <c>google.pubsub.v1.PubsubMessage</c>; JSON names <c>data</c> (base64), <c>attributes</c>,
/// <c>messageId</c>/<c>message_id</c>, <c>publishTime</c>/<c>publish_time</c>, <c>orderingKey</c>).
/// </summary>
/// <param name="Data">The payload, decoded from base64 (empty when absent).</param>
/// <param name="Attributes">String attributes (empty when absent).</param>
/// <param name="MessageId">The message id ("" when absent).</param>
/// <param name="PublishTime">When Pub/Sub accepted the message, or null when absent.</param>
/// <param name="OrderingKey">The ordering key, "" if none.</param>
public sealed record PubsubMessage(
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Attributes,
    string MessageId,
    DateTimeOffset? PublishTime,
    string OrderingKey);
