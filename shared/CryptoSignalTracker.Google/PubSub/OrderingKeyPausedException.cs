namespace CryptoSignalTracker.Google.PubSub;

/// <summary>
/// Thrown by <see cref="PubSubPublisher.PublishAsync"/> for a message whose ordering key is paused: an earlier publish
/// on that key failed, and a newer message must not overtake the failed one's retry. The key stays paused until
/// <see cref="PubSubPublisher.ResumePublish"/> is called (as google-cloud-dotnet's <c>PublisherClient</c> does).
/// </summary>
public sealed class OrderingKeyPausedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="orderingKey"/> of <paramref name="topic"/>, caused by <paramref name="failure"/>.</summary>
    public OrderingKeyPausedException(string topic, string orderingKey, Exception failure)
        : base(
            $"Not published: ordering key '{orderingKey}' of {topic} is paused because an earlier publish on it failed ({failure?.Message}); "
            + $"the caller retrying the failed message calls ResumePublish(\"{orderingKey}\") first, so nothing newer overtakes it.",
            failure)
    {
        OrderingKey = orderingKey;
    }

    /// <summary>The paused ordering key.</summary>
    public string OrderingKey { get; }
}
