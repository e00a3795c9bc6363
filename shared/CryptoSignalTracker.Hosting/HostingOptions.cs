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

    /// <summary>Default <see cref="MaxConcurrentLargeBodies"/>: 4.</summary>
    public const int DefaultMaxConcurrentLargeBodies = 4;

    /// <summary>Largest <see cref="MaxConcurrentLargeBodies"/>: 1,000, Cloud Run's largest request concurrency (more would never be reached).</summary>
    public const int MaxMaxConcurrentLargeBodies = 1000;

    /// <summary>How long a stopping host (SIGTERM) waits for in-flight requests and background work. Default 9 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>
    /// How many event bodies over <see cref="FunctionHostSettings.LargeBodyBytes"/> (1 MiB), or of unknown length, are read,
    /// decoded and handled at once (env <c>Hosting__MaxConcurrentLargeBodies</c>); the others wait, unread, in the server's
    /// 1 MiB request buffer. The host keeps one array of the body's size per large body (the message data is decoded in
    /// place); the function's own work on the data comes on top. Small bodies never wait. Default 4; 1 to 1,000.
    /// </summary>
    public int MaxConcurrentLargeBodies { get; set; } = DefaultMaxConcurrentLargeBodies;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}:{nameof(ShutdownTimeout)} must be positive, was {ShutdownTimeout}");
        }

        if (MaxConcurrentLargeBodies is < 1 or > MaxMaxConcurrentLargeBodies)
        {
            throw new ArgumentException($"{Section}:{nameof(MaxConcurrentLargeBodies)} must be 1 to {MaxMaxConcurrentLargeBodies}, was {MaxConcurrentLargeBodies}");
        }

        if (DeadLetterTopic is { Length: 0 })
        {
            throw new ArgumentException($"{Section}:{nameof(DeadLetterTopic)} must be a topic id or unset, was empty");
        }
    }
}
