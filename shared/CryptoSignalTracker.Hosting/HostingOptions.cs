namespace CryptoSignalTracker.Hosting;

/// <summary>Settings of the function host (configuration section <see cref="Section"/>, e.g. env <c>Hosting__DeadLetterTopic</c>).</summary>
public sealed class HostingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Hosting";

    /// <summary>Default <see cref="ShutdownTimeout"/>: 9 s (Cloud Run kills an instance 10 s after SIGTERM).</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(9);

    /// <summary>
    /// Topic that permanently bad messages (the function threw <see cref="Core.Ports.UnprocessableMessageException"/>)
    /// are published to, with the reason in <see cref="Core.Ports.DeadLetterAttributes"/>, before the delivery is
    /// acknowledged; needs an <see cref="Core.Ports.IMessageBus"/> registered. Null (default): the host answers
    /// 422 instead, so Pub/Sub redelivers the message and moves it to the subscription's dead-letter topic after
    /// its <c>max_delivery_attempts</c>, the reason logged at every attempt.
    /// </summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>How long a stopping host (SIGTERM) waits for in-flight requests and background work. Default 9 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}:{nameof(ShutdownTimeout)} must be positive, was {ShutdownTimeout}");
        }

        if (DeadLetterTopic is { Length: 0 })
        {
            throw new ArgumentException($"{Section}:{nameof(DeadLetterTopic)} must be a topic id or unset, was empty");
        }
    }
}
