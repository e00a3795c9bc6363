using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>A channel to the Pub/Sub emulator (PUBSUB_EMULATOR_HOST) plus clients and helpers for one test.</summary>
public sealed class PubSubTestContext : IDisposable
{
    private PubSubTestContext(string emulatorHost)
    {
        EmulatorHost = emulatorHost;
        Channels = ForHost(emulatorHost);
        var channel = Channels.GetChannel(GoogleServiceEndpoint.PubSub);
        Publisher = new Publisher.PublisherClient(channel);
        Subscriber = new Subscriber.SubscriberClient(channel);
        Admin = new PubSubAdmin(Publisher, Subscriber, Project);
    }

    /// <summary>The project the tests use.</summary>
    public static string Project => EmulatorEnvironment.Project;

    /// <summary>Subscriber settings for tests: the shortest ack deadline Pub/Sub allows.</summary>
    public static PubSubSubscriber.Settings SubscriberSettings { get; } = new() { AckDeadline = PubSubSubscriber.Settings.MinAckDeadline };

    /// <summary>"host:port" of the emulator.</summary>
    public string EmulatorHost { get; }

    /// <summary>The channel factory pointed at the emulator.</summary>
    public GoogleChannelFactory Channels { get; }

    /// <summary>Raw publisher client.</summary>
    public Publisher.PublisherClient Publisher { get; }

    /// <summary>Raw subscriber client.</summary>
    public Subscriber.SubscriberClient Subscriber { get; }

    /// <summary>Admin helper.</summary>
    public PubSubAdmin Admin { get; }

    /// <summary>Context for the shared emulator; fails the test if it is not running.</summary>
    public static PubSubTestContext Create() => new(EmulatorEnvironment.RequirePubSub());

    /// <summary>A channel factory whose Pub/Sub emulator is <paramref name="hostPort"/>.</summary>
    public static GoogleChannelFactory ForHost(string hostPort) => new(new GoogleConnectionSettings
    {
        EnvironmentReader = name => name == GoogleServiceEndpoint.PubSub.EmulatorHostVariable ? hostPort : null,
    });

    /// <summary>A message bus on the emulator.</summary>
    public PubSubMessageBus CreateBus() =>
        new(Channels, new PubSubMessageBusOptions { ProjectId = Project, Subscriber = SubscriberSettings });

    /// <summary>A unique id for a test resource.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a topic and a plain subscription on it (no dead-letter policy); returns their full names.</summary>
    public async Task<(string Topic, string Subscription)> CreateTopicAndSubscriptionAsync(bool ordering = false)
    {
        var topic = await Admin.CreateTopicIfMissingAsync(NewId("t"), CancellationToken.None);
        var subscription = PubSubNames.Subscription(Project, NewId("s"));
        await Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = subscription,
            Topic = topic,
            AckDeadlineSeconds = (int)SubscriberSettings.AckDeadline.TotalSeconds,
            EnableMessageOrdering = ordering,
        });
        return (topic, subscription);
    }

    /// <summary>Pulls (unary) until <paramref name="count"/> messages arrived or the timeout passes; acks them.</summary>
    public async Task<List<ReceivedMessage>> PullAsync(string subscription, int count, TimeSpan timeout)
    {
        var all = new List<ReceivedMessage>();
        var deadline = DateTime.UtcNow + timeout;
        while (all.Count < count && DateTime.UtcNow < deadline)
        {
            // The emulator holds a Pull open until a message arrives, so the call itself carries the deadline.
            PullResponse response;
            try
            {
                response = await Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1000 }, deadline: deadline);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
            {
                break;
            }

            if (response.ReceivedMessages.Count == 0)
            {
                await Task.Delay(50);
                continue;
            }

            all.AddRange(response.ReceivedMessages);
            var ack = new AcknowledgeRequest { Subscription = subscription };
            ack.AckIds.AddRange(response.ReceivedMessages.Select(m => m.AckId));
            await Subscriber.AcknowledgeAsync(ack);
        }

        return all;
    }

    /// <inheritdoc />
    public void Dispose() => Channels.Dispose();
}
