using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The bus as the leased LogicEngine sees it: before every publish the holding is checked against the lease
/// (<see cref="WriterLease.CheckFenceAsync"/>), so an instance that lost the lease publishes nothing; topic and
/// subscription set-up and subscribing go to the bus as they are.
/// </summary>
public sealed class FencedMessageBus : IMessageBus
{
    private readonly IMessageBus _inner;
    private readonly WriterLease _lease;

    /// <summary>Wraps <paramref name="inner"/>, fencing its publishes with <paramref name="lease"/>.</summary>
    public FencedMessageBus(IMessageBus inner, WriterLease lease)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
    }

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) => _inner.EnsureTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => _inner.EnsureSubscriptionAsync(subscription, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="LeaseNotHeldException">This instance no longer holds the lease: nothing was published.</exception>
    public async Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        await _lease.CheckFenceAsync($"publishing on {topic}", cancellationToken).ConfigureAwait(false);
        return await _inner.PublishAsync(topic, message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void ResumePublish(string topic, string orderingKey) => _inner.ResumePublish(topic, orderingKey);

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        _inner.SubscribeAsync(subscription, handler, cancellationToken);
}
