using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>
/// Creates and deletes topics and subscriptions, idempotently: creating something that exists (ALREADY_EXISTS)
/// and deleting something missing (NOT_FOUND) both succeed. Subscriptions always get a dead-letter policy and a
/// retry policy.
/// </summary>
public sealed class PubSubAdmin
{
    private readonly Publisher.PublisherClient _publisher;
    private readonly Subscriber.SubscriberClient _subscriber;
    private readonly GoogleRpcCaller _caller;

    /// <summary>Creates the helper for <paramref name="project"/>.</summary>
    public PubSubAdmin(Publisher.PublisherClient publisher, Subscriber.SubscriberClient subscriber, string project, GoogleRpcCaller? caller = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        _publisher = publisher;
        _subscriber = subscriber;
        Project = project;
        _caller = caller ?? new GoogleRpcCaller();
    }

    /// <summary>The project the ids are resolved in.</summary>
    public string Project { get; }

    /// <summary>Creates the topic unless it exists; returns its full name.</summary>
    public async Task<string> CreateTopicIfMissingAsync(string topicId, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Topic(Project, topicId);
        try
        {
            await _caller.CallAsync(
                o => _publisher.CreateTopicAsync(new Topic { Name = name }, o).ResponseAsync,
                GoogleRequestParams.Create(("name", name)), CallIdempotency.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Idempotent: it is there, which is what was asked.
        }

        return name;
    }

    /// <summary>
    /// Creates the subscription (and its dead-letter topic) unless it exists; returns its full name.
    /// </summary>
    /// <exception cref="TopicNotFoundException">The subscription's topic does not exist.</exception>
    public Task<string> CreateSubscriptionIfMissingAsync(BusSubscription definition, TimeSpan ackDeadline, CancellationToken cancellationToken) =>
        CreateSubscriptionIfMissingAsync(definition, ackDeadline, pushEndpoint: null, cancellationToken);

    /// <summary>
    /// Creates the subscription (and its dead-letter topic) unless it exists; returns its full name. With a
    /// <paramref name="pushEndpoint"/> it is a push subscription: Pub/Sub POSTs each message to that URL in the push
    /// envelope (no authentication is configured; the emulator sends none), redelivering per the retry policy until
    /// the endpoint answers 2xx, and dead-lettering after the maximum attempts. An existing subscription is left as it
    /// is (its push endpoint is not changed).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pushEndpoint"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="TopicNotFoundException">The subscription's topic does not exist.</exception>
    public async Task<string> CreateSubscriptionIfMissingAsync(BusSubscription definition, TimeSpan ackDeadline, Uri? pushEndpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        if (pushEndpoint is not null && (!pushEndpoint.IsAbsoluteUri || (pushEndpoint.Scheme != Uri.UriSchemeHttp && pushEndpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"Subscription '{definition.Name}': the push endpoint '{pushEndpoint}' must be an absolute http or https URL.", nameof(pushEndpoint));
        }

        var deadLetterTopic = await CreateTopicIfMissingAsync(definition.DeadLetterTopic, cancellationToken).ConfigureAwait(false);
        var name = PubSubNames.Subscription(Project, definition.Name);
        var subscription = new Subscription
        {
            Name = name,
            Topic = PubSubNames.Topic(Project, definition.Topic),
            AckDeadlineSeconds = (int)ackDeadline.TotalSeconds,
            EnableMessageOrdering = definition.EnableMessageOrdering,
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = deadLetterTopic, MaxDeliveryAttempts = definition.MaxDeliveryAttempts },
            RetryPolicy = new RetryPolicy
            {
                MinimumBackoff = Duration.FromTimeSpan(definition.MinimumBackoff),
                MaximumBackoff = Duration.FromTimeSpan(definition.MaximumBackoff),
            },
        };
        if (pushEndpoint is not null)
        {
            subscription.PushConfig = new PushConfig { PushEndpoint = pushEndpoint.AbsoluteUri };
        }

        try
        {
            await _caller.CallAsync(
                o => _subscriber.CreateSubscriptionAsync(subscription, o).ResponseAsync,
                GoogleRequestParams.Create(("name", name)), CallIdempotency.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Idempotent.
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new TopicNotFoundException(definition.Topic, ex);
        }

        return name;
    }

    /// <summary>Reads a subscription.</summary>
    /// <exception cref="SubscriptionNotFoundException">It does not exist.</exception>
    public async Task<Subscription> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Subscription(Project, subscriptionId);
        try
        {
            return await _caller.CallAsync(
                o => _subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = name }, o).ResponseAsync,
                GoogleRequestParams.Create(("subscription", name)), CallIdempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new SubscriptionNotFoundException(subscriptionId, ex);
        }
    }

    /// <summary>Deletes the topic if it exists.</summary>
    public async Task DeleteTopicIfExistsAsync(string topicId, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Topic(Project, topicId);
        try
        {
            await _caller.CallAsync(
                o => _publisher.DeleteTopicAsync(new DeleteTopicRequest { Topic = name }, o).ResponseAsync,
                GoogleRequestParams.Create(("topic", name)), CallIdempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Idempotent.
        }
    }

    /// <summary>Deletes the subscription if it exists.</summary>
    public async Task DeleteSubscriptionIfExistsAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Subscription(Project, subscriptionId);
        try
        {
            await _caller.CallAsync(
                o => _subscriber.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Subscription = name }, o).ResponseAsync,
                GoogleRequestParams.Create(("subscription", name)), CallIdempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Idempotent.
        }
    }
}
