using System.Globalization;
using System.Threading.Channels;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Embedded.Bus;

/// <summary>
/// The one-machine <see cref="IMessageBus"/>: topics fan out into one unbounded channel per subscription, kept
/// in memory (messages published before a handler subscribes wait for it). Same contract as Pub/Sub: at-least-once,
/// per-ordering-key order, redelivery with exponential backoff after a failed handler, and after
/// <see cref="BusSubscription.MaxDeliveryAttempts"/> (or an <see cref="UnprocessableMessageException"/>) the message
/// goes to the dead-letter topic with <see cref="DeadLetterAttributes"/>.
/// </summary>
public sealed partial class InProcessMessageBus : IMessageBus, IAsyncDisposable
{
    private readonly InProcessMessageBusOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InProcessMessageBus> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SubscriptionState>> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriptionState> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private long _lastMessageId;

    /// <summary>Creates an empty bus; <paramref name="options"/> is validated here.</summary>
    public InProcessMessageBus(InProcessMessageBusOptions? options = null, TimeProvider? timeProvider = null, ILogger<InProcessMessageBus>? logger = null)
    {
        _options = options ?? new InProcessMessageBusOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<InProcessMessageBus>.Instance;
    }

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        lock (_gate)
        {
            _topics.TryAdd(topic, []);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        subscription.Validate();
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscription.Topic, out var readers))
            {
                throw new TopicNotFoundException(subscription.Topic);
            }

            _topics.TryAdd(subscription.DeadLetterTopic, []);
            if (!_subscriptions.ContainsKey(subscription.Name))
            {
                var state = new SubscriptionState(subscription);
                _subscriptions.Add(subscription.Name, state);
                readers.Add(state);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>In-process publishing never fails part-way through a key's messages, so no key is ever held: nothing to do.</remarks>
    public void ResumePublish(string topic, string orderingKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrEmpty(orderingKey);
    }

    /// <inheritdoc />
    public Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        cancellationToken.ThrowIfCancellationRequested();
        var attributes = new Dictionary<string, string>(message.Attributes, StringComparer.Ordinal);
        return Task.FromResult(Publish(topic, message.Data.ToArray(), attributes, message.OrderingKey));
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(
        string subscription,
        Func<ReceivedBusMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        SubscriptionState state;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscription, out state!))
            {
                throw new SubscriptionNotFoundException(subscription);
            }

            if (state.Active is not null)
            {
                throw new InvalidOperationException($"Subscription '{subscription}' already has a handler; dispose it before subscribing again.");
            }

            state.Active = new Dispatcher(this, state, handler);
        }

        state.Active.Start();
        return Task.FromResult<IAsyncDisposable>(state.Active);
    }

    /// <summary>Stops every subscriber (waiting for running handlers) and rejects further calls.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        List<Dispatcher> active;
        lock (_gate)
        {
            active = [.. _subscriptions.Values.Select(s => s.Active).OfType<Dispatcher>()];
        }

        foreach (var dispatcher in active)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }

    private string Publish(string topic, byte[] data, IReadOnlyDictionary<string, string> attributes, string orderingKey)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var readers))
            {
                throw new TopicNotFoundException(topic);
            }

            var id = (++_lastMessageId).ToString(CultureInfo.InvariantCulture);
            var stored = new StoredMessage(id, data, attributes, orderingKey, _timeProvider.GetUtcNow());
            foreach (var reader in readers)
            {
                reader.Queue.Writer.TryWrite(new Delivery(stored, 1));
            }

            return id;
        }
    }

    private TimeSpan Backoff(BusSubscription subscription, int failedAttempt)
    {
        // min * 2^(attempt-1), capped at max; the shift is bounded so it cannot overflow.
        var factor = 1L << Math.Min(failedAttempt - 1, 30);
        var ticks = Math.Min(subscription.MinimumBackoff.Ticks * (double)factor, subscription.MaximumBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private void DeadLetter(SubscriptionState state, Delivery delivery, Exception error)
    {
        var definition = state.Definition;
        var reason = $"{error.GetType().Name}: {error.Message}";
        if (error is UnprocessableMessageException)
        {
            Core.Validation.Rejections.Record(Core.Validation.Rejections.Message);
        }

        var attributes = new Dictionary<string, string>(delivery.Message.Attributes, StringComparer.Ordinal)
        {
            [DeadLetterAttributes.Reason] = reason,
            [DeadLetterAttributes.DeliveryAttempts] = delivery.Attempt.ToString(CultureInfo.InvariantCulture),
            [DeadLetterAttributes.Subscription] = definition.Name,
            [DeadLetterAttributes.OriginalMessageId] = delivery.Message.Id,
        };
        var id = Publish(definition.DeadLetterTopic, delivery.Message.Data, attributes, delivery.Message.OrderingKey);
        LogDeadLettered(definition.Name, delivery.Message.Id, delivery.Attempt, definition.DeadLetterTopic, id, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Subscription {Subscription}: message {MessageId} dead-lettered after {Attempts} attempt(s) to {DeadLetterTopic} as {DeadLetterId}: {Reason}")]
    private partial void LogDeadLettered(string subscription, string messageId, int attempts, string deadLetterTopic, string deadLetterId, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Subscription {Subscription}: handler failed on message {MessageId} (attempt {Attempt}); redelivering in {Delay}")]
    private partial void LogRedelivery(Exception error, string subscription, string messageId, int attempt, TimeSpan delay);

    private sealed record StoredMessage(string Id, byte[] Data, IReadOnlyDictionary<string, string> Attributes, string OrderingKey, DateTimeOffset PublishTime);

    private sealed record Delivery(StoredMessage Message, int Attempt)
    {
        public ReceivedBusMessage ToReceived() =>
            new(Message.Id, Message.Data, Message.Attributes, Message.OrderingKey, Message.PublishTime, Attempt);
    }

    private sealed class SubscriptionState(BusSubscription definition)
    {
        public BusSubscription Definition { get; } = definition;

        public Channel<Delivery> Queue { get; } = Channel.CreateUnbounded<Delivery>();

        /// <summary>Deliveries interrupted by a stopping subscriber, in order; the next subscriber takes them first.</summary>
        public List<Delivery> Parked { get; } = [];

        public Dispatcher? Active { get; set; }
    }
}
