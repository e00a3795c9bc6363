using System.Collections.Concurrent;
using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>
/// <see cref="IMessageBus"/> on Cloud Pub/Sub (or its emulator). Each topic gets a batching
/// <see cref="PubSubPublisher"/>; each subscription a StreamingPull <see cref="PubSubSubscriber"/>.
/// Dead-lettering is done here, on the last attempt, so the dead-letter copy carries the reason
/// (<see cref="DeadLetterAttributes"/>); the subscription's server-side dead-letter policy (same attempt count)
/// remains the backstop if this process dies on every attempt.
/// </summary>
public sealed partial class PubSubMessageBus : IMessageBus, IAsyncDisposable
{
    private readonly PubSubMessageBusOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<PubSubMessageBus> _logger;
    private readonly Publisher.PublisherClient _publisherClient;
    private readonly Subscriber.SubscriberClient _subscriberClient;
    private readonly PubSubAdmin _admin;
    private readonly ConcurrentDictionary<string, Lazy<PubSubPublisher>> _publishers = new(StringComparer.Ordinal);

    /// <summary>Creates the bus on the Pub/Sub channel of <paramref name="channels"/>; options are validated here.</summary>
    public PubSubMessageBus(
        GoogleChannelFactory channels,
        PubSubMessageBusOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PubSubMessageBus>();
        var channel = channels.GetChannel(GoogleServiceEndpoint.PubSub);
        _publisherClient = new Publisher.PublisherClient(channel);
        _subscriberClient = new Subscriber.SubscriberClient(channel);
        _admin = new PubSubAdmin(_publisherClient, _subscriberClient, options.ProjectId,
            new GoogleRpcCaller(options.AdminCalls, _timeProvider, _loggerFactory.CreateLogger<GoogleRpcCaller>()));
    }

    /// <summary>Topic and subscription administration for the bus's project.</summary>
    public PubSubAdmin Admin => _admin;

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) =>
        _admin.CreateTopicIfMissingAsync(topic, cancellationToken);

    /// <inheritdoc />
    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) =>
        _admin.CreateSubscriptionIfMissingAsync(subscription, _options.Subscriber.AckDeadline, cancellationToken);

    /// <inheritdoc />
    public async Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var pubsubMessage = new PubsubMessage { Data = ByteString.CopyFrom(message.Data.Span), OrderingKey = message.OrderingKey };
        foreach (var (name, value) in message.Attributes)
        {
            pubsubMessage.Attributes[name] = value;
        }

        return await PublishAsync(topic, pubsubMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Resumes the key on the topic's <see cref="PubSubPublisher"/> (<see cref="PubSubPublisher.ResumePublish"/>).</remarks>
    public void ResumePublish(string topic, string orderingKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrEmpty(orderingKey);
        if (_publishers.TryGetValue(topic, out var publisher) && publisher.IsValueCreated)
        {
            publisher.Value.ResumePublish(orderingKey);
        }
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(
        string subscription,
        Func<ReceivedBusMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var definition = await _admin.GetSubscriptionAsync(subscription, cancellationToken).ConfigureAwait(false);
        var policy = definition.DeadLetterPolicy;
        var deadLetterTopic = policy is { DeadLetterTopic.Length: > 0 } ? PubSubNames.IdOf(policy.DeadLetterTopic) : null;
        var maxAttempts = policy is { MaxDeliveryAttempts: > 0 } ? policy.MaxDeliveryAttempts : BusSubscription.DefaultMaxDeliveryAttempts;

        async Task HandleAsync(ReceivedMessage received, CancellationToken token)
        {
            var message = ToBusMessage(received);
            try
            {
                await handler(message, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (deadLetterTopic is not null && !token.IsCancellationRequested
                                       && (ex is UnprocessableMessageException || message.DeliveryAttempt >= maxAttempts))
            {
                // Returning normally acks the original once its dead-letter copy is safely published.
                await DeadLetterAsync(subscription, deadLetterTopic, received, message.DeliveryAttempt, ex).ConfigureAwait(false);
            }
        }

        var subscriber = new PubSubSubscriber(_subscriberClient, definition.Name, HandleAsync, _options.Subscriber, _timeProvider,
            _loggerFactory.CreateLogger<PubSubSubscriber>());
        subscriber.Start();
        return subscriber;
    }

    /// <summary>Flushes and stops every topic's publisher (nothing accepted is dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var publisher in _publishers.Values)
        {
            if (publisher.IsValueCreated)
            {
                await publisher.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ReceivedBusMessage ToBusMessage(ReceivedMessage received)
    {
        var message = received.Message;
        return new ReceivedBusMessage(
            message.MessageId,
            message.Data.Memory,
            message.Attributes,
            message.OrderingKey,
            message.PublishTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue,
            // delivery_attempt is 0 when the subscription has no dead-letter policy: count that as the first.
            Math.Max(received.DeliveryAttempt, 1));
    }

    private async Task<string> PublishAsync(string topic, PubsubMessage message, CancellationToken cancellationToken)
    {
        var publisher = _publishers.GetOrAdd(topic, t => new Lazy<PubSubPublisher>(() => new PubSubPublisher(
            _publisherClient, PubSubNames.Topic(_options.ProjectId, t), _options.Publisher, _timeProvider,
            _loggerFactory.CreateLogger<PubSubPublisher>()))).Value;
        try
        {
            return await publisher.PublishAsync(message).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new TopicNotFoundException(topic, ex);
        }
    }

    private async Task DeadLetterAsync(string subscription, string deadLetterTopic, ReceivedMessage received, int attempt, Exception error)
    {
        var reason = $"{error.GetType().Name}: {error.Message}";
        var copy = new PubsubMessage { Data = received.Message.Data, OrderingKey = received.Message.OrderingKey };
        copy.Attributes.Add(received.Message.Attributes);
        copy.Attributes[DeadLetterAttributes.Reason] = reason;
        copy.Attributes[DeadLetterAttributes.DeliveryAttempts] = attempt.ToString(CultureInfo.InvariantCulture);
        copy.Attributes[DeadLetterAttributes.Subscription] = subscription;
        copy.Attributes[DeadLetterAttributes.OriginalMessageId] = received.Message.MessageId;
        string id;
        try
        {
            id = await PublishAsync(deadLetterTopic, copy, CancellationToken.None).ConfigureAwait(false);
        }
        catch when (copy.OrderingKey.Length > 0)
        {
            // The message stays unacknowledged and is dead-lettered again on redelivery: that is the failed copy's retry,
            // and the subscription hands a key's messages over one at a time, so nothing newer on the key comes first.
            ResumePublish(deadLetterTopic, copy.OrderingKey);
            throw;
        }

        LogDeadLettered(subscription, received.Message.MessageId, attempt, deadLetterTopic, id, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Subscription {Subscription}: message {MessageId} dead-lettered after {Attempts} attempt(s) to {DeadLetterTopic} as {DeadLetterId}: {Reason}")]
    private partial void LogDeadLettered(string subscription, string messageId, int attempts, string deadLetterTopic, string deadLetterId, string reason);
}
