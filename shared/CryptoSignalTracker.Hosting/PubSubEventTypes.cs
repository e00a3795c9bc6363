namespace CryptoSignalTracker.Hosting;

/// <summary>CloudEvent attribute values of Pub/Sub deliveries.</summary>
public static class PubSubEventTypes
{
    /// <summary>The CloudEvent type of a published Pub/Sub message.</summary>
    public const string MessagePublished = "google.cloud.pubsub.topic.v1.messagePublished";

    /// <summary>Prefix of the CloudEvent source of a Pub/Sub message (<c>//pubsub.googleapis.com/projects/p/topics/t</c>).</summary>
    public const string SourcePrefix = "//pubsub.googleapis.com/";
}
