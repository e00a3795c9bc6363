using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>A bus whose Nth publish (on <paramref name="topic"/>, or on any topic when null) fails as a Pub/Sub outage would; the message is not delivered.</summary>
internal sealed class FlakyBus(IMessageBus inner, int failOnPublish, string? topic = null) : IMessageBus
{
    private int _publishes;

    public Task EnsureTopicAsync(string name, CancellationToken cancellationToken) => inner.EnsureTopicAsync(name, cancellationToken);

    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => inner.EnsureSubscriptionAsync(subscription, cancellationToken);

    public Task<string> PublishAsync(string published, BusMessage message, CancellationToken cancellationToken) =>
        (topic is null || topic == published) && ++_publishes == failOnPublish
            ? throw new StoreException($"publish to {published} failed: the topic is unavailable")
            : inner.PublishAsync(published, message, cancellationToken);

    public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(subscription, handler, cancellationToken);
}
