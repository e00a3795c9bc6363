using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>
/// The publisher's three batch thresholds — count, bytes, delay — in virtual time: a <see cref="FakeTimeProvider"/>
/// drives the batch timers (the clock moves only when a test says so), the publishes go to the real emulator. A batch
/// leaves on its count or bytes without the clock moving, and on its delay exactly when the delay since its first
/// message has passed, not a tick earlier. "Still waiting" is checked after a real pause: nothing could send those
/// messages but the clock, which has not moved.
/// </summary>
public sealed class PubSubPublisherBatchingTests : IAsyncLifetime
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RealPause = TimeSpan.FromMilliseconds(300);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly List<PubSubPublisher> _publishers = [];

    [Fact]
    public async Task PublishAsync_CountThreshold_SentOnTheLastMessageWithoutTheClockMoving()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        var publisher = Publisher(topic, new PubSubPublisher.Settings { ElementCountThreshold = 3, DelayThreshold = Delay });

        var full = Enumerable.Range(0, 3).Select(i => publisher.PublishAsync(Message(string.Empty, $"c{i}"))).ToList();
        await Task.WhenAll(full).WaitAsync(RealWait);
        var rest = Enumerable.Range(3, 2).Select(i => publisher.PublishAsync(Message(string.Empty, $"c{i}"))).ToList();
        await Task.Delay(RealPause);
        Assert.All(rest, t => Assert.False(t.IsCompleted));

        // The two left over go on the delay of their own batch.
        _clock.Advance(Delay);
        await Task.WhenAll(rest).WaitAsync(RealWait);
        var received = await _context.PullAsync(subscription, 5, RealWait);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], received.Select(m => m.Message.Data.ToStringUtf8()).Order());
    }

    [Fact]
    public async Task PublishAsync_ByteThresholdReached_SentWithoutTheClockMoving()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync();
        var size = PubSubPublisher.RequestBytes(Message(string.Empty, "b0"));
        var publisher = Publisher(topic, new PubSubPublisher.Settings { ByteCountThreshold = 3 * size, DelayThreshold = Delay });

        var first = Enumerable.Range(0, 2).Select(i => publisher.PublishAsync(Message(string.Empty, $"b{i}"))).ToList();
        await Task.Delay(RealPause);
        Assert.All(first, t => Assert.False(t.IsCompleted));

        // The third message brings the batch to exactly the threshold.
        first.Add(publisher.PublishAsync(Message(string.Empty, "b2")));
        await Task.WhenAll(first).WaitAsync(RealWait);
        Assert.Equal(3, (await _context.PullAsync(subscription, 3, RealWait)).Count);
    }

    [Fact]
    public async Task PublishAsync_MessageWouldPassTheByteThreshold_WaitingBatchSentFirstTheMessageWaits()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        var size = PubSubPublisher.RequestBytes(Message("k", "b0"));
        var publisher = Publisher(topic, new PubSubPublisher.Settings { ByteCountThreshold = (3 * size) - 1, DelayThreshold = Delay });

        var two = Enumerable.Range(0, 2).Select(i => publisher.PublishAsync(Message("k", $"b{i}"))).ToList();
        await Task.Delay(RealPause);
        Assert.All(two, t => Assert.False(t.IsCompleted));

        // One more byte than the threshold allows: the two go now, the third opens a new batch that waits its delay.
        var third = publisher.PublishAsync(Message("k", "b2"));
        await Task.WhenAll(two).WaitAsync(RealWait);
        await Task.Delay(RealPause);
        Assert.False(third.IsCompleted);
        _clock.Advance(Delay);
        await third.WaitAsync(RealWait);
    }

    [Fact]
    public async Task PublishAsync_MessageOverTheByteThreshold_SentAloneAtOnce()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        var small = Message(string.Empty, "small");
        var publisher = Publisher(topic, new PubSubPublisher.Settings { ByteCountThreshold = 2 * PubSubPublisher.RequestBytes(small), DelayThreshold = Delay });
        var waiting = publisher.PublishAsync(small);

        var large = publisher.PublishAsync(Message(string.Empty, new string('x', 1_000)));

        // The waiting batch is closed first (the large message would not fit), then the large one goes in its own.
        await Task.WhenAll(waiting, large).WaitAsync(RealWait);
    }

    [Fact]
    public async Task PublishAsync_DelayThreshold_SentWhenTheVirtualDelayHasPassedNotBefore()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        var publisher = Publisher(topic, new PubSubPublisher.Settings { DelayThreshold = Delay });
        var pending = new[] { Message("k", "k1"), Message("k", "k2"), Message(string.Empty, "u1") }.Select(publisher.PublishAsync).ToList();

        _clock.Advance(Delay - TimeSpan.FromTicks(1));
        await Task.Delay(RealPause);
        Assert.All(pending, t => Assert.False(t.IsCompleted));
        Assert.Empty(await _context.PullAsync(subscription, 1, TimeSpan.FromMilliseconds(500)));

        _clock.Advance(TimeSpan.FromTicks(1));
        var ids = await Task.WhenAll(pending).WaitAsync(RealWait);

        Assert.Equal(3, ids.Distinct().Count());
        var received = await _context.PullAsync(subscription, 3, RealWait);
        Assert.Equal(["k1", "k2", "u1"], received.Select(m => m.Message.Data.ToStringUtf8()).Order());
    }

    [Fact]
    public async Task PublishAsync_DelayThreshold_MeasuredFromTheBatchesFirstMessage()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        var publisher = Publisher(topic, new PubSubPublisher.Settings { DelayThreshold = Delay });
        var first = publisher.PublishAsync(Message(string.Empty, "first"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        var joined = publisher.PublishAsync(Message(string.Empty, "joined"));

        // 30 s after the first message both go, in the same batch: the second does not restart the wait.
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(first, joined).WaitAsync(RealWait);

        // A message after that batch left opens a new batch with a full wait of its own.
        var next = publisher.PublishAsync(Message(string.Empty, "next"));
        _clock.Advance(Delay - TimeSpan.FromTicks(1));
        await Task.Delay(RealPause);
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));
        await next.WaitAsync(RealWait);
    }

    [Fact]
    public async Task PublishAsync_ZeroDelay_SentWithoutTheClockMoving()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        var publisher = Publisher(topic, new PubSubPublisher.Settings { DelayThreshold = TimeSpan.Zero });

        await publisher.PublishAsync(Message("k", "now")).WaitAsync(RealWait);
    }

    [Fact]
    public async Task PullAsync_NothingPublished_ReturnsEmptyOnceItsTimeoutPasses()
    {
        // The emulator holds a Pull open until a message arrives: the helper's timeout must bound the call itself, or
        // a test here that pulls before it moves the clock (as the delay test does) waits forever.
        var (_, subscription) = await _context.CreateTopicAndSubscriptionAsync();

        var received = await _context.PullAsync(subscription, 1, TimeSpan.FromMilliseconds(500)).WaitAsync(RealWait);

        Assert.Empty(received);
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Disposes the publishers in real time even when a test failed with messages still waiting: the shutdown limit
    /// runs on the fake clock, so the clock is moved past it once each dispose has started.
    /// </summary>
    public async Task DisposeAsync()
    {
        try
        {
            foreach (var publisher in _publishers)
            {
                var disposing = publisher.DisposeAsync().AsTask();
                _clock.Advance(PubSubPublisher.Settings.DefaultShutdownTimeout);
                await disposing.WaitAsync(RealWait);
            }
        }
        finally
        {
            _context.Dispose();
        }
    }

    private static PubsubMessage Message(string key, string data) => new() { Data = ByteString.CopyFromUtf8(data), OrderingKey = key };

    private PubSubPublisher Publisher(string topic, PubSubPublisher.Settings settings)
    {
        var publisher = new PubSubPublisher(_context.Publisher, topic, settings, _clock);
        _publishers.Add(publisher);
        return publisher;
    }
}
