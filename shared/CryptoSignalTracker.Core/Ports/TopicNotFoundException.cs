namespace CryptoSignalTracker.Core.Ports;

/// <summary>A message bus operation named a topic that does not exist.</summary>
public sealed class TopicNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="topic"/>.</summary>
    public TopicNotFoundException(string topic, Exception? innerException = null)
        : base($"Topic '{topic}' does not exist; create it first (IMessageBus.EnsureTopicAsync).", innerException)
    {
        Topic = topic;
    }

    /// <summary>The topic id that was not found.</summary>
    public string Topic { get; }
}
