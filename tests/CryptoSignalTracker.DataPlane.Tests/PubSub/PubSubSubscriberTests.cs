using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;
using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>The StreamingPull subscriber against the real emulator.</summary>
public sealed class PubSubSubscriberTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();

    [Fact]
    public async Task StreamingPull_EmulatorKilledAndRestarted_ReconnectsAndKeepsReceiving()
    {
        await using var emulator = await PrivatePubSubEmulator.StartAsync();
        await using var relay = new TcpRelay(emulator.HostPort);
        using var direct = PubSubTestContext.ForHost(emulator.HostPort);
        using var viaRelay = PubSubTestContext.ForHost(relay.HostPort);
        var directSubscriber = new Subscriber.SubscriberClient(direct.GetChannel(GoogleServiceEndpoint.PubSub));
        var admin = new PubSubAdmin(new Publisher.PublisherClient(direct.GetChannel(GoogleServiceEndpoint.PubSub)), directSubscriber, PubSubTestContext.Project);
        var (topic, subscription) = await CreatePlainAsync(admin, directSubscriber);
        var publisher = new Publisher.PublisherClient(direct.GetChannel(GoogleServiceEndpoint.PubSub));
        var received = new ConcurrentQueue<string>();
        var settings = new PubSubSubscriber.Settings
        {
            AckDeadline = PubSubSubscriber.Settings.MinAckDeadline,
            ReconnectMinBackoff = TimeSpan.FromMilliseconds(50),
            ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500),
        };
        await using var subscriber = new PubSubSubscriber(new Subscriber.SubscriberClient(viaRelay.GetChannel(GoogleServiceEndpoint.PubSub)), subscription, (m, _) =>
        {
            received.Enqueue(m.Message.Data.ToStringUtf8());
            return Task.CompletedTask;
        }, settings);
        subscriber.Start();
        await PublishAsync(publisher, topic, "before");
        await WaitUntilAsync(() => received.Contains("before"));

        // The server goes away under the open stream; while it is down (and until its topic and subscription
        // exist again) the relay resets every new connection, so the subscriber keeps retrying.
        relay.Refusing = true;
        await emulator.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(subscriber.Completion.IsCompleted, "losing the server must not stop the subscriber");
        await emulator.RestartAsync();
        await CreatePlainAsync(admin, directSubscriber, topic, subscription);
        relay.Refusing = false;
        await PublishAsync(publisher, topic, "after");
        await WaitUntilAsync(() => received.Contains("after"));

        Assert.True(subscriber.StreamsOpened >= 2, $"expected a re-opened stream, saw {subscriber.StreamsOpened}");
        Assert.True(relay.Accepted >= 2, $"expected a new connection, saw {relay.Accepted}");
        Assert.False(subscriber.Completion.IsCompleted);
    }

    [Fact]
    public async Task StreamingPull_ConnectionReset_ReconnectsOnANewConnection()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        await using var relay = new TcpRelay(_context.EmulatorHost);
        using var viaRelay = PubSubTestContext.ForHost(relay.HostPort);
        var client = new Subscriber.SubscriberClient(viaRelay.GetChannel(GoogleServiceEndpoint.PubSub));
        var received = new ConcurrentQueue<string>();
        var settings = new PubSubSubscriber.Settings
        {
            AckDeadline = PubSubSubscriber.Settings.MinAckDeadline,
            ReconnectMinBackoff = TimeSpan.FromMilliseconds(50),
            ReconnectMaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        await using var subscriber = new PubSubSubscriber(client, subscription, (m, _) =>
        {
            received.Enqueue(m.Message.Data.ToStringUtf8());
            return Task.CompletedTask;
        }, settings);
        subscriber.Start();
        await PublishAsync(_context.Publisher, topic, "before");
        await WaitUntilAsync(() => received.Contains("before"));

        relay.DropConnections();
        await WaitUntilAsync(() => subscriber.StreamsOpened >= 2);

        // The emulator notices the dead stream late and may hand it a message first; that one returns after the
        // dead stream's deadline (seen: up to 20 s), so only the reconnect itself is asserted here.
        Assert.True(relay.Accepted >= 2, $"expected a new connection, saw {relay.Accepted}");
        Assert.False(subscriber.Completion.IsCompleted);
    }

    [Fact]
    public async Task StreamingPull_EmulatorDown_KeepsRetryingAndStopsPromptlyOnDispose()
    {
        using var down = PubSubTestContext.ForHost($"127.0.0.1:{ClosedPort()}");
        var client = new Subscriber.SubscriberClient(down.GetChannel(GoogleServiceEndpoint.PubSub));
        var subscriber = new PubSubSubscriber(client, PubSubNames.Subscription(PubSubTestContext.Project, "nowhere-sub"),
            (_, _) => Task.CompletedTask, PubSubTestContext.SubscriberSettings);
        subscriber.Start();

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(subscriber.Completion.IsCompleted, "a transient UNAVAILABLE must not stop the subscriber");
        Assert.Equal(0, subscriber.StreamsOpened);
        await subscriber.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(subscriber.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StreamingPull_MissingSubscription_FaultsCompletionWithNotFoundNamingIt()
    {
        var missing = PubSubNames.Subscription(PubSubTestContext.Project, PubSubTestContext.NewId("gone"));
        await using var subscriber = new PubSubSubscriber(_context.Subscriber, missing, (_, _) => Task.CompletedTask, PubSubTestContext.SubscriberSettings);
        subscriber.Start();

        var error = await Assert.ThrowsAsync<RpcException>(() => subscriber.Completion.WaitAsync(Timeout));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(missing, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_Throws_MessageNackedAndRedeliveredAtOnce()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        var deliveries = 0;
        var handledTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new PubSubSubscriber(_context.Subscriber, subscription, (_, _) =>
        {
            if (Interlocked.Increment(ref deliveries) == 1)
            {
                throw new InvalidOperationException("first try fails");
            }

            handledTwice.TrySetResult();
            return Task.CompletedTask;
        }, PubSubTestContext.SubscriberSettings);
        subscriber.Start();

        await PublishAsync(_context.Publisher, topic, "retry me");

        // Well inside the 10 s ack deadline: the nack (modack 0), not the deadline, brought it back.
        await handledTwice.Task.WaitAsync(TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task FlowControl_MaxOutstandingOne_RunsOneHandlerAtATime()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        var running = 0;
        var maxRunning = 0;
        var handled = 0;
        var settings = new PubSubSubscriber.Settings { AckDeadline = PubSubSubscriber.Settings.MinAckDeadline, MaxOutstandingMessages = 1 };
        await using var subscriber = new PubSubSubscriber(_context.Subscriber, subscription, async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref handled);
        }, settings);
        subscriber.Start();

        for (var i = 0; i < 10; i++)
        {
            await PublishAsync(_context.Publisher, topic, $"m{i}");
        }

        await WaitUntilAsync(() => Volatile.Read(ref handled) >= 10);
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task Handler_RunsLongerThanAckDeadline_LeaseExtendedSoNoRedelivery()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        var deliveries = 0;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new PubSubSubscriber(_context.Subscriber, subscription, async (_, _) =>
        {
            Interlocked.Increment(ref deliveries);
            // 10 s ack deadline; the lease is renewed every 5 s, so 13 s of work must not cause a redelivery.
            await Task.Delay(TimeSpan.FromSeconds(13));
            finished.TrySetResult();
        }, PubSubTestContext.SubscriberSettings);
        subscriber.Start();

        await PublishAsync(_context.Publisher, topic, "slow");
        await finished.Task.WaitAsync(Timeout);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(1, Volatile.Read(ref deliveries));
    }

    [Fact]
    public void Settings_AckDeadlineOutOfRange_ThrowsNamingMember()
    {
        var settings = new PubSubSubscriber.Settings { AckDeadline = TimeSpan.FromSeconds(5) };

        var error = Assert.Throws<ArgumentException>(settings.Validate);

        Assert.Equal(nameof(PubSubSubscriber.Settings.AckDeadline), error.ParamName);
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {Timeout}");
            await Task.Delay(20);
        }
    }

    private static async Task PublishAsync(Publisher.PublisherClient publisher, string topic, string text)
    {
        var request = new PublishRequest { Topic = topic };
        request.Messages.Add(new PubsubMessage { Data = ByteString.CopyFromUtf8(text) });
        await publisher.PublishAsync(request);
    }

    private static async Task<(string Topic, string Subscription)> CreatePlainAsync(
        PubSubAdmin admin, Subscriber.SubscriberClient subscriberClient, string? topic = null, string? subscription = null)
    {
        topic = await admin.CreateTopicIfMissingAsync(PubSubNames.IdOf(topic ?? PubSubTestContext.NewId("t")), CancellationToken.None);
        subscription ??= PubSubNames.Subscription(PubSubTestContext.Project, PubSubTestContext.NewId("s"));
        await subscriberClient.CreateSubscriptionAsync(new Subscription
        {
            Name = subscription,
            Topic = topic,
            AckDeadlineSeconds = (int)PubSubSubscriber.Settings.MinAckDeadline.TotalSeconds,
        });
        return (topic, subscription);
    }
}
