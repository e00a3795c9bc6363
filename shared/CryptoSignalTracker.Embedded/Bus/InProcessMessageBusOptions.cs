namespace CryptoSignalTracker.Embedded.Bus;

/// <summary>Settings of <see cref="InProcessMessageBus"/>.</summary>
public sealed class InProcessMessageBusOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "InProcessMessageBus";

    /// <summary>Default for <see cref="MaxConcurrentHandlers"/>: 16.</summary>
    public const int DefaultMaxConcurrentHandlers = 16;

    /// <summary>
    /// Handlers running at once per subscription for messages without an ordering key (messages with a key run one
    /// at a time per key). Default 16.
    /// </summary>
    public int MaxConcurrentHandlers { get; init; } = DefaultMaxConcurrentHandlers;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        if (MaxConcurrentHandlers < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrentHandlers)} must be at least 1, was {MaxConcurrentHandlers}.", nameof(MaxConcurrentHandlers));
        }
    }
}
