namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// How the push subscriptions redeliver: Terraform's <c>var.pubsub_delivery</c> defaults and its ack deadline
/// (<c>max(60, timeout)</c> = 60 s for every pushed function). Tests shorten the backoff to keep redelivery quick.
/// </summary>
public sealed record DeliverySettings
{
    /// <summary>Default <see cref="MaxDeliveryAttempts"/>: 10.</summary>
    public const int DefaultMaxDeliveryAttempts = 10;

    /// <summary>Default <see cref="MinimumBackoff"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultMinimumBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Default <see cref="MaximumBackoff"/>: 600 s.</summary>
    public static readonly TimeSpan DefaultMaximumBackoff = TimeSpan.FromSeconds(600);

    /// <summary>Default <see cref="AckDeadline"/>: 60 s (the push timeout).</summary>
    public static readonly TimeSpan DefaultAckDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Pub/Sub's shortest ack deadline: 10 s.</summary>
    public static readonly TimeSpan MinAckDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Pub/Sub's longest ack deadline: 600 s.</summary>
    public static readonly TimeSpan MaxAckDeadline = TimeSpan.FromSeconds(600);

    /// <summary>Deliveries before a message moves to the dead-letter topic (5..100). Default 10.</summary>
    public int MaxDeliveryAttempts { get; init; } = DefaultMaxDeliveryAttempts;

    /// <summary>First redelivery delay after a failed push. Default 10 s.</summary>
    public TimeSpan MinimumBackoff { get; init; } = DefaultMinimumBackoff;

    /// <summary>Largest redelivery delay (at most 600 s). Default 600 s.</summary>
    public TimeSpan MaximumBackoff { get; init; } = DefaultMaximumBackoff;

    /// <summary>How long a push may take before it counts as failed (10..600 s). Default 60 s.</summary>
    public TimeSpan AckDeadline { get; init; } = DefaultAckDeadline;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public DeliverySettings Validate()
    {
        if (MaxDeliveryAttempts is < 5 or > 100)
        {
            throw new ArgumentException($"{nameof(MaxDeliveryAttempts)} must be 5..100, was {MaxDeliveryAttempts}");
        }

        if (MinimumBackoff < TimeSpan.Zero || MaximumBackoff < MinimumBackoff || MaximumBackoff > DefaultMaximumBackoff)
        {
            throw new ArgumentException($"backoff must satisfy 0 <= {nameof(MinimumBackoff)} ({MinimumBackoff}) <= {nameof(MaximumBackoff)} ({MaximumBackoff}) <= 600 s");
        }

        if (AckDeadline < MinAckDeadline || AckDeadline > MaxAckDeadline)
        {
            throw new ArgumentException($"{nameof(AckDeadline)} must be 10..600 s, was {AckDeadline}");
        }

        return this;
    }
}
