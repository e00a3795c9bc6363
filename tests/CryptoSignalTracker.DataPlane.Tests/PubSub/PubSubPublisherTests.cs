using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;
using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>The batching publisher against the real emulator.</summary>
public sealed class PubSubPublisherTests : IDisposable
{
    private static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(30);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();

    [Fact]
    public async Task DisposeAsync_MessagesWaitingForLongDelay_FlushesAllAndLosesNothing()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        // Five keys and the unkeyed lane get ~417 messages each, far below 1,000 per batch, and the delay is a
        // minute: only the flush on dispose can send these.
        var settings = new PubSubPublisher.Settings { ElementCountThreshold = 1000, DelayThreshold = PubSubPublisher.Settings.MaxDelayThreshold };
        const int count = 2_500;
        var publisher = new PubSubPublisher(_context.Publisher, topic, settings);
        var pending = Enumerable.Range(0, count)
            .Select(i => publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8($"m{i}"), OrderingKey = i % 6 == 5 ? string.Empty : $"k{i % 6}" }))
            .ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.All(pending, t => Assert.False(t.IsCompleted));

        await publisher.DisposeAsync();

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(count, pending.Select(t => t.Result).Distinct().Count());
        var received = await _context.PullAsync(subscription, count, PullTimeout);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}").Order(), received.Select(m => m.Message.Data.ToStringUtf8()).Distinct().Order());
    }

    [Fact]
    public async Task PublishAsync_OrderingKeys_EachKeyArrivesInPublishOrder()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        var settings = new PubSubPublisher.Settings { ElementCountThreshold = 7 };
        await using (var publisher = new PubSubPublisher(_context.Publisher, topic, settings))
        {
            var tasks = new List<Task<string>>();
            for (var i = 0; i < 100; i++)
            {
                tasks.Add(publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), OrderingKey = i % 2 == 0 ? "even" : "odd" }));
            }

            await Task.WhenAll(tasks);
        }

        var received = await _context.PullAsync(subscription, 100, PullTimeout);
        foreach (var key in new[] { "even", "odd" })
        {
            var values = received.Where(m => m.Message.OrderingKey == key).Select(m => int.Parse(m.Message.Data.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, 100).Where(i => (i % 2 == 0) == (key == "even")), values);
        }
    }

    [Fact]
    public async Task PublishAsync_MissingTopic_FailsWithNotFound()
    {
        var missing = PubSubNames.Topic(PubSubTestContext.Project, PubSubTestContext.NewId("absent"));
        await using var publisher = new PubSubPublisher(_context.Publisher, missing, PubSubPublisher.Settings.LowLatency);

        var error = await Assert.ThrowsAsync<RpcException>(() => publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8("x") }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task PublishAsync_EmulatorDown_FailsWithUnavailableAfterBoundedRetries()
    {
        using var down = PubSubTestContext.ForHost($"127.0.0.1:{ClosedPort()}");
        var client = new Publisher.PublisherClient(down.GetChannel(GoogleServiceEndpoint.PubSub));
        var settings = new PubSubPublisher.Settings
        {
            DelayThreshold = TimeSpan.Zero,
            CallSettings = new GoogleCallSettings { AttemptTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(100) },
        };
        await using var publisher = new PubSubPublisher(client, PubSubNames.Topic(PubSubTestContext.Project, "down-topic"), settings);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8("x") }).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task PublishAsync_KeyOfAFailedPublish_ParkedUntilResumePublish()
    {
        // The topic does not exist yet: the first publish on key k fails (NOT_FOUND) and parks k.
        var topicId = PubSubTestContext.NewId("park");
        var topic = PubSubNames.Topic(PubSubTestContext.Project, topicId);
        await using var publisher = new PubSubPublisher(_context.Publisher, topic, PubSubPublisher.Settings.LowLatency);
        await Assert.ThrowsAsync<RpcException>(() => publisher.PublishAsync(Keyed("k", "failed")));
        await _context.Admin.CreateTopicIfMissingAsync(topicId, CancellationToken.None);
        var subscription = PubSubNames.Subscription(PubSubTestContext.Project, PubSubTestContext.NewId("s"));
        await _context.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic, EnableMessageOrdering = true });

        // A newer message on k must not overtake the failed one's retry: refused at once, nothing sent.
        var parked = Assert.Throws<OrderingKeyPausedException>(() => { _ = publisher.PublishAsync(Keyed("k", "newer")); });
        Assert.Equal("k", parked.OrderingKey);
        Assert.Contains("ResumePublish", parked.Message, StringComparison.Ordinal);
        Assert.IsType<RpcException>(parked.InnerException);
        // Other keys and unkeyed messages are not held.
        await publisher.PublishAsync(Keyed("j", "other key"));
        await publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8("unkeyed") });

        publisher.ResumePublish("k");
        await publisher.PublishAsync(Keyed("k", "retried"));

        var received = await _context.PullAsync(subscription, 3, PullTimeout);
        Assert.Equal(["other key", "retried", "unkeyed"], received.Select(m => m.Message.Data.ToStringUtf8()).Order());
    }

    [Fact]
    public async Task ResumePublish_KeyNotParked_ChangesNothing()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        await using var publisher = new PubSubPublisher(_context.Publisher, topic, PubSubPublisher.Settings.LowLatency);

        publisher.ResumePublish("never-failed");
        await publisher.PublishAsync(Keyed("never-failed", "a"));

        Assert.Single(await _context.PullAsync(subscription, 1, PullTimeout));
        Assert.Throws<ArgumentException>(() => publisher.ResumePublish(string.Empty));
    }

    [Fact]
    public async Task DisposeAsync_ServerUnreachable_GivesUpAfterItsOwnLimitFailingWhatWasNotSent()
    {
        using var down = PubSubTestContext.ForHost($"127.0.0.1:{ClosedPort()}");
        var client = new Publisher.PublisherClient(down.GetChannel(GoogleServiceEndpoint.PubSub));
        var settings = new PubSubPublisher.Settings
        {
            DelayThreshold = PubSubPublisher.Settings.MaxDelayThreshold,
            // Without a limit of its own, dispose would wait for 5 attempts 5 s apart.
            CallSettings = new GoogleCallSettings { AttemptTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 5, InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(5) },
            ShutdownTimeout = TimeSpan.FromSeconds(1),
        };
        var publisher = new PubSubPublisher(client, PubSubNames.Topic(PubSubTestContext.Project, "down-topic"), settings);
        var pending = new[] { publisher.PublishAsync(Keyed("k", "a")), publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8("b") }) };
        var clock = Stopwatch.StartNew();

        await publisher.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"dispose took {clock.Elapsed}");
        foreach (var task in pending)
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => task);
            Assert.Contains("ShutdownTimeout 00:00:01", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Settings_ShutdownTimeoutNotPositive_ThrowsNamingMember()
    {
        var settings = new PubSubPublisher.Settings { ShutdownTimeout = TimeSpan.Zero };

        Assert.Equal("ShutdownTimeout", Assert.Throws<ArgumentException>(settings.Validate).ParamName);
    }

    [Fact]
    public async Task PublishAsync_EmptyMessage_ThrowsClearError()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        await using var publisher = new PubSubPublisher(_context.Publisher, topic);

        var error = Assert.Throws<ArgumentException>(() => { _ = publisher.PublishAsync(new PubsubMessage()); });

        Assert.Contains("non-empty data or at least one attribute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        var publisher = new PubSubPublisher(_context.Publisher, topic);
        await publisher.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => { _ = publisher.PublishAsync(new PubsubMessage { Data = ByteString.CopyFromUtf8("late") }); });
    }

    [Theory]
    [InlineData(0, 1_000_000, 10, "ElementCountThreshold")]
    [InlineData(1_001, 1_000_000, 10, "ElementCountThreshold")]
    [InlineData(100, 0, 10, "ByteCountThreshold")]
    [InlineData(100, 10_000_001, 10, "ByteCountThreshold")]
    [InlineData(100, 1_000_000, -1, "DelayThreshold")]
    public void Settings_OutOfRange_ThrowsNamingMember(int count, int bytes, int delayMs, string member)
    {
        var settings = new PubSubPublisher.Settings { ElementCountThreshold = count, ByteCountThreshold = bytes, DelayThreshold = TimeSpan.FromMilliseconds(delayMs) };

        var error = Assert.Throws<ArgumentException>(settings.Validate);

        Assert.Equal(member, error.ParamName);
    }

    [Fact]
    public void Settings_NamedPresets_HaveDocumentedValues()
    {
        Assert.Equal((100, 1_000_000, TimeSpan.FromMilliseconds(10)), (PubSubPublisher.Settings.Default.ElementCountThreshold, PubSubPublisher.Settings.Default.ByteCountThreshold, PubSubPublisher.Settings.Default.DelayThreshold));
        Assert.Equal((1_000, 10_000_000), (PubSubPublisher.Settings.ApiMaximum.ElementCountThreshold, PubSubPublisher.Settings.ApiMaximum.ByteCountThreshold));
        Assert.True(PubSubPublisher.Settings.LowLatency.DelayThreshold <= TimeSpan.FromMilliseconds(1));
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();

    private static PubsubMessage Keyed(string key, string data) => new() { Data = ByteString.CopyFromUtf8(data), OrderingKey = key };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
