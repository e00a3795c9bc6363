using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>Settings of <see cref="PubSubMessageBus"/>.</summary>
public sealed class PubSubMessageBusOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "PubSub";

    /// <summary>Google Cloud project id that topic and subscription ids live in. Required.</summary>
    public required string ProjectId { get; init; }

    /// <summary>Batching of every topic's publisher. Default <see cref="PubSubPublisher.Settings.Default"/> (100 msgs / 1 MB / 10 ms).</summary>
    public PubSubPublisher.Settings Publisher { get; init; } = PubSubPublisher.Settings.Default;

    /// <summary>Ack deadline, flow control and reconnect of every subscriber. Default <see cref="PubSubSubscriber.Settings.Default"/>.</summary>
    public PubSubSubscriber.Settings Subscriber { get; init; } = PubSubSubscriber.Settings.Default;

    /// <summary>Deadlines and retries of admin calls. Default <see cref="GoogleCallSettings.Default"/>.</summary>
    public GoogleCallSettings AdminCalls { get; init; } = GoogleCallSettings.Default;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ProjectId, nameof(ProjectId));
        ArgumentNullException.ThrowIfNull(Publisher, nameof(Publisher));
        ArgumentNullException.ThrowIfNull(Subscriber, nameof(Subscriber));
        ArgumentNullException.ThrowIfNull(AdminCalls, nameof(AdminCalls));
        Publisher.Validate();
        Subscriber.Validate();
        AdminCalls.Validate();
    }
}
