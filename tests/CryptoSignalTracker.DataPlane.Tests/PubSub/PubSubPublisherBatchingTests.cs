using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>
/// The publisher's delay threshold in virtual time (a <see cref="FakeTimeProvider"/> drives the batch timers; the
/// publishes go to the real emulator): a batch leaves exactly when the delay since its first message has passed, not a
/// tick earlier, whatever the wall clock does.
/// </summary>
public sealed class PubSubPublisherBatchingTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(15);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task PublishAsync_DelayThreshold_SentWhenTheVirtualDelayHasPassedNotBefore()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        await using var publisher = new PubSubPublisher(_context.Publisher, topic, new PubSubPublisher.Settings { DelayThreshold = Delay }, _clock);
        var pending = new[] { Message("k", "k1"), Message("k", "k2"), Message(string.Empty, "u1") }.Select(publisher.PublishAsync).ToList();

        _clock.Advance(Delay - TimeSpan.FromTicks(1));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
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
        await using var publisher = new PubSubPublisher(_context.Publisher, topic, new PubSubPublisher.Settings { DelayThreshold = Delay }, _clock);
        var first = publisher.PublishAsync(Message(string.Empty, "first"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        var joined = publisher.PublishAsync(Message(string.Empty, "joined"));

        // 30 s after the first message both go, in the same batch: the second does not restart the wait.
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(first, joined).WaitAsync(RealWait);

        // A message after that batch left opens a new batch with a full wait of its own.
        var next = publisher.PublishAsync(Message(string.Empty, "next"));
        _clock.Advance(Delay - TimeSpan.FromTicks(1));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));
        await next.WaitAsync(RealWait);
    }

    [Fact]
    public async Task PublishAsync_ZeroDelay_SentWithoutTheClockMoving()
    {
        var (topic, _) = await _context.CreateTopicAndSubscriptionAsync();
        await using var publisher = new PubSubPublisher(_context.Publisher, topic, new PubSubPublisher.Settings { DelayThreshold = TimeSpan.Zero }, _clock);

        await publisher.PublishAsync(Message("k", "now")).WaitAsync(RealWait);
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();

    private static PubsubMessage Message(string key, string data) => new() { Data = ByteString.CopyFromUtf8(data), OrderingKey = key };
}
