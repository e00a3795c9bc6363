using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>
/// A bus whose Nth publish (on <paramref name="topic"/>, or on any topic when null) fails as a Pub/Sub outage would; the
/// message is not delivered. Like the Pub/Sub publisher, it then holds the failed message's ordering key: later
/// publishes on it fail at once until <see cref="ResumePublish"/>.
/// </summary>
internal sealed class FlakyBus(IMessageBus inner, int failOnPublish, string? topic = null) : IMessageBus
{
    private readonly HashSet<(string Topic, string Key)> _held = [];
    private int _publishes;

    /// <summary>The keys resumed, in order.</summary>
    public List<(string Topic, string Key)> Resumed { get; } = [];

    public Task EnsureTopicAsync(string name, CancellationToken cancellationToken) => inner.EnsureTopicAsync(name, cancellationToken);

    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => inner.EnsureSubscriptionAsync(subscription, cancellationToken);

    public Task<string> PublishAsync(string published, BusMessage message, CancellationToken cancellationToken)
    {
        if (_held.Contains((published, message.OrderingKey)))
        {
            throw new InvalidOperationException($"ordering key '{message.OrderingKey}' of {published} is held since a publish on it failed");
        }

        if ((topic is null || topic == published) && ++_publishes == failOnPublish)
        {
            if (message.OrderingKey.Length > 0)
            {
                _held.Add((published, message.OrderingKey));
            }

            throw new StoreException($"publish to {published} failed: the topic is unavailable");
        }

        return inner.PublishAsync(published, message, cancellationToken);
    }

    public void ResumePublish(string published, string orderingKey)
    {
        Resumed.Add((published, orderingKey));
        _held.Remove((published, orderingKey));
        inner.ResumePublish(published, orderingKey);
    }

    public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(subscription, handler, cancellationToken);
}
