namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// A subscription: which topic it reads, where undeliverable messages go, and how redelivery backs off.
/// Limits follow Pub/Sub so both buses accept the same definitions.
/// </summary>
public sealed record BusSubscription
{
    /// <summary>Default for <see cref="MaxDeliveryAttempts"/>: 5 (Pub/Sub's default).</summary>
    public const int DefaultMaxDeliveryAttempts = 5;

    /// <summary>Smallest allowed <see cref="MaxDeliveryAttempts"/> (Pub/Sub limit).</summary>
    public const int MinMaxDeliveryAttempts = 5;

    /// <summary>Largest allowed <see cref="MaxDeliveryAttempts"/> (Pub/Sub limit).</summary>
    public const int MaxMaxDeliveryAttempts = 100;

    /// <summary>Default for <see cref="MinimumBackoff"/>: 10 seconds (Pub/Sub's default).</summary>
    public static readonly TimeSpan DefaultMinimumBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Default for <see cref="MaximumBackoff"/>: 600 seconds (Pub/Sub's default and maximum).</summary>
    public static readonly TimeSpan DefaultMaximumBackoff = TimeSpan.FromSeconds(600);

    /// <summary>Subscription id, e.g. "aggregator-candles" (3-255 chars, starting with a letter).</summary>
    public required string Name { get; init; }

    /// <summary>Topic id the subscription reads.</summary>
    public required string Topic { get; init; }

    /// <summary>Topic id receiving messages that failed <see cref="MaxDeliveryAttempts"/> times or were unprocessable.</summary>
    public required string DeadLetterTopic { get; init; }

    /// <summary>Deliveries before a failing message is dead-lettered, 5..100. Default 5.</summary>
    public int MaxDeliveryAttempts { get; init; } = DefaultMaxDeliveryAttempts;

    /// <summary>Delay before the first redelivery after a failure; doubles up to <see cref="MaximumBackoff"/>. Default 10 s.</summary>
    public TimeSpan MinimumBackoff { get; init; } = DefaultMinimumBackoff;

    /// <summary>Largest redelivery delay, at most 600 s. Default 600 s.</summary>
    public TimeSpan MaximumBackoff { get; init; } = DefaultMaximumBackoff;

    /// <summary>Deliver messages with the same ordering key in order, one at a time. Default true.</summary>
    public bool EnableMessageOrdering { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentException.ThrowIfNullOrWhiteSpace(Topic, nameof(Topic));
        ArgumentException.ThrowIfNullOrWhiteSpace(DeadLetterTopic, nameof(DeadLetterTopic));
        if (DeadLetterTopic == Topic)
        {
            throw new ArgumentException($"Subscription '{Name}': the dead-letter topic must differ from the topic '{Topic}'.", nameof(DeadLetterTopic));
        }

        if (MaxDeliveryAttempts is < MinMaxDeliveryAttempts or > MaxMaxDeliveryAttempts)
        {
            throw new ArgumentException(
                $"Subscription '{Name}': {nameof(MaxDeliveryAttempts)} must be {MinMaxDeliveryAttempts}..{MaxMaxDeliveryAttempts}, was {MaxDeliveryAttempts}.",
                nameof(MaxDeliveryAttempts));
        }

        if (MinimumBackoff < TimeSpan.Zero || MinimumBackoff > DefaultMaximumBackoff)
        {
            throw new ArgumentException($"Subscription '{Name}': {nameof(MinimumBackoff)} must be 0..600 s, was {MinimumBackoff}.", nameof(MinimumBackoff));
        }

        if (MaximumBackoff < MinimumBackoff || MaximumBackoff > DefaultMaximumBackoff)
        {
            throw new ArgumentException(
                $"Subscription '{Name}': {nameof(MaximumBackoff)} must be {nameof(MinimumBackoff)}..600 s, was {MaximumBackoff}.",
                nameof(MaximumBackoff));
        }
    }
}
