namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// The message bus between pipeline stages: topics fan out to subscriptions, delivery is at-least-once.
/// A handler that returns normally acknowledges its message; one that throws has it redelivered (attempt + 1)
/// until <see cref="BusSubscription.MaxDeliveryAttempts"/> is reached, then the message goes to the subscription's
/// dead-letter topic with the <see cref="DeadLetterAttributes"/> added. A handler that throws
/// <see cref="UnprocessableMessageException"/> dead-letters the message at once (retrying cannot help).
/// Messages sharing a non-empty ordering key are handled one at a time, in publish order.
/// Implementations: Pub/Sub (distributed) and in-process channels (one machine).
/// </summary>
public interface IMessageBus
{
    /// <summary>Creates the topic if it does not exist yet (idempotent).</summary>
    /// <param name="topic">Topic id, e.g. "candles-1m" (3-255 chars, starting with a letter).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task EnsureTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Creates the subscription (and its dead-letter topic) if missing (idempotent); the topic must exist.</summary>
    Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Publishes one message; completes with the message id once the bus has accepted it.</summary>
    /// <exception cref="TopicNotFoundException">The topic does not exist.</exception>
    Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Lets publishing on <paramref name="orderingKey"/> of <paramref name="topic"/> go on after a publish with that key
    /// failed. A bus may hold (refuse at once) every later publish on a key whose publish failed, so nothing newer
    /// overtakes the failed message's retry — Pub/Sub does; the in-process bus never needs to. The code that retries the
    /// failed message calls this first. No effect on a key that is not held.
    /// </summary>
    void ResumePublish(string topic, string orderingKey);

    /// <summary>
    /// Starts delivering the subscription's messages to <paramref name="handler"/> until the returned handle is
    /// disposed (disposal waits for running handlers).
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(
        string subscription,
        Func<ReceivedBusMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken);
}
