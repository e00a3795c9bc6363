using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Bus;

/// <summary>
/// The IMessageBus contract. Every implementation (in-process channels, Pub/Sub on the emulator) inherits this
/// class and must pass every test unchanged.
/// </summary>
public abstract class MessageBusContractTests : IAsyncLifetime
{
    /// <summary>Longest wait for an expected delivery.</summary>
    protected static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long to watch for a delivery that must not happen.</summary>
    protected static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan TestBackoff = TimeSpan.FromMilliseconds(100);

    private readonly List<IAsyncDisposable> _subscriptions = [];

    /// <summary>The bus under test.</summary>
    protected IMessageBus Bus { get; private set; } = null!;

    /// <summary>Creates a fresh bus for one test.</summary>
    protected abstract Task<IMessageBus> CreateBusAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => Bus = await CreateBusAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync();
        }

        if (Bus is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await DisposeImplementationAsync();
    }

    /// <summary>Releases what <see cref="CreateBusAsync"/> set up besides the bus (runs after the bus is disposed).</summary>
    protected virtual Task DisposeImplementationAsync() => Task.CompletedTask;

    [Fact]
    public async Task PublishAsync_ThenSubscribe_DeliversDataAttributesAndKeyIntact()
    {
        var (topic, subscription, _) = await CreateTopologyAsync();
        var data = new byte[] { 0, 1, 2, 250, 255, (byte)'{' };
        var attributes = new Dictionary<string, string> { ["symbol"] = "BTCUSDT", ["kind"] = "trade-batch", ["ünïcode"] = "✓ 値" };

        var id = await Bus.PublishAsync(topic, new BusMessage(data, attributes, "BTCUSDT"), CancellationToken.None);
        var received = await ReceiveAsync(subscription, 1);

        var message = Assert.Single(received);
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, message.MessageId);
        Assert.Equal(data, message.Data.ToArray());
        Assert.Equal(attributes.OrderBy(a => a.Key), message.Attributes.OrderBy(a => a.Key));
        Assert.Equal("BTCUSDT", message.OrderingKey);
        Assert.Equal(1, message.DeliveryAttempt);
        Assert.NotEqual(default, message.PublishTime);
    }

    [Fact]
    public async Task PublishAsync_AttributesOnlyMessage_IsDelivered()
    {
        var (topic, subscription, _) = await CreateTopicsAsync();
        await Bus.PublishAsync(topic, new BusMessage(ReadOnlyMemory<byte>.Empty, new Dictionary<string, string> { ["marker"] = "minute-closed" }), CancellationToken.None);

        var message = Assert.Single(await ReceiveAsync(subscription, 1));

        Assert.True(message.Data.IsEmpty);
        Assert.Equal("minute-closed", message.Attributes["marker"]);
    }

    [Fact]
    public async Task PublishAsync_SameOrderingKey_HandledInPublishOrderOneAtATime()
    {
        var (topic, subscription, _) = await CreateTopologyAsync();
        const int perKey = 30;
        string[] keys = ["BTCUSDT", "ETHUSDT"];
        var publishes = new List<Task>();
        for (var i = 0; i < perKey; i++)
        {
            foreach (var key in keys)
            {
                publishes.Add(Bus.PublishAsync(topic, new BusMessage(Encoding.UTF8.GetBytes($"{key}:{i}"), null, key), CancellationToken.None));
            }
        }

        await Task.WhenAll(publishes);
        var running = new ConcurrentDictionary<string, int>();
        var overlap = 0;
        var seen = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SubscribeAsync(subscription, async (message, _) =>
        {
            if (running.AddOrUpdate(message.OrderingKey, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlap);
            }

            await Task.Delay(1);
            seen.Enqueue(Encoding.UTF8.GetString(message.Data.Span));
            running.AddOrUpdate(message.OrderingKey, 0, (_, n) => n - 1);
            if (seen.Count >= perKey * keys.Length)
            {
                done.TrySetResult();
            }
        });

        await done.Task.WaitAsync(DeliveryTimeout);

        Assert.Equal(0, overlap);
        foreach (var key in keys)
        {
            var order = seen.Where(s => s.StartsWith(key + ":", StringComparison.Ordinal))
                .Select(s => int.Parse(s[(key.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, perKey), order);
        }
    }

    [Fact]
    public async Task Subscribe_HandlerFailsOnce_MessageRedeliveredWithNextAttemptThenAcked()
    {
        var (topic, subscription, deadLetterSubscription) = await CreateTopologyAsync();
        await Bus.PublishAsync(topic, new BusMessage("payload"u8.ToArray()), CancellationToken.None);
        var attempts = Channel.CreateUnbounded<int>();

        await SubscribeAsync(subscription, async (message, _) =>
        {
            await attempts.Writer.WriteAsync(message.DeliveryAttempt);
            if (message.DeliveryAttempt == 1)
            {
                throw new InvalidOperationException("transient failure");
            }
        });

        Assert.Equal(1, await attempts.Reader.ReadAsync().AsTask().WaitAsync(DeliveryTimeout));
        Assert.Equal(2, await attempts.Reader.ReadAsync().AsTask().WaitAsync(DeliveryTimeout));
        await AssertNothingMoreAsync(attempts.Reader);
        Assert.Empty(await ReceiveAsync(deadLetterSubscription, 0));
    }

    [Fact]
    public async Task Subscribe_HandlerAlwaysFails_DeadLetteredAfterMaxAttemptsWithReason()
    {
        var (topic, subscription, deadLetterSubscription) = await CreateTopologyAsync();
        var attributes = new Dictionary<string, string> { ["symbol"] = "SOLUSDT" };
        var id = await Bus.PublishAsync(topic, new BusMessage("poison"u8.ToArray(), attributes), CancellationToken.None);
        var attempts = new ConcurrentBag<int>();

        await SubscribeAsync(subscription, (message, _) =>
        {
            attempts.Add(message.DeliveryAttempt);
            throw new InvalidOperationException("store unavailable");
        });

        var dead = Assert.Single(await ReceiveAsync(deadLetterSubscription, 1));
        Assert.Equal(Enumerable.Range(1, BusSubscription.DefaultMaxDeliveryAttempts), attempts.Order());
        Assert.Equal("poison", Encoding.UTF8.GetString(dead.Data.Span));
        Assert.Equal("SOLUSDT", dead.Attributes["symbol"]);
        Assert.Equal("InvalidOperationException: store unavailable", dead.Attributes[DeadLetterAttributes.Reason]);
        Assert.Equal("5", dead.Attributes[DeadLetterAttributes.DeliveryAttempts]);
        Assert.Equal(subscription, dead.Attributes[DeadLetterAttributes.Subscription]);
        Assert.Equal(id, dead.Attributes[DeadLetterAttributes.OriginalMessageId]);
    }

    [Fact]
    public async Task Subscribe_MalformedPayload_DeadLetteredAtOnceWhileValidMessagesAreHandled()
    {
        var (topic, subscription, deadLetterSubscription) = await CreateTopologyAsync();
        await Bus.PublishAsync(topic, new BusMessage("""{"price":101.5}"""u8.ToArray()), CancellationToken.None);
        await Bus.PublishAsync(topic, new BusMessage("{\"price\":"u8.ToArray()), CancellationToken.None);
        await Bus.PublishAsync(topic, new BusMessage("""{"price":99.25}"""u8.ToArray()), CancellationToken.None);
        var prices = new ConcurrentBag<double>();
        var handled = 0;

        await SubscribeAsync(subscription, (message, _) =>
        {
            Interlocked.Increment(ref handled);
            try
            {
                using var json = JsonDocument.Parse(message.Data);
                prices.Add(json.RootElement.GetProperty("price").GetDouble());
            }
            catch (JsonException ex)
            {
                throw new UnprocessableMessageException($"payload is not valid JSON: {ex.Message}", ex);
            }

            return Task.CompletedTask;
        });

        var dead = Assert.Single(await ReceiveAsync(deadLetterSubscription, 1));
        Assert.Equal("{\"price\":", Encoding.UTF8.GetString(dead.Data.Span));
        Assert.StartsWith("UnprocessableMessageException: payload is not valid JSON", dead.Attributes[DeadLetterAttributes.Reason], StringComparison.Ordinal);
        Assert.Equal("1", dead.Attributes[DeadLetterAttributes.DeliveryAttempts]);
        await WaitUntilAsync(() => prices.Count == 2);
        Assert.Equal([99.25, 101.5], prices.Order());
        await Task.Delay(QuietPeriod);
        Assert.Equal(3, Volatile.Read(ref handled));
    }

    [Fact]
    public async Task PublishAsync_MissingTopic_ThrowsTopicNotFoundNamingIt()
    {
        var missing = NewId("missing");

        var error = await Assert.ThrowsAsync<TopicNotFoundException>(
            () => Bus.PublishAsync(missing, new BusMessage("x"u8.ToArray()), CancellationToken.None));

        Assert.Equal(missing, error.Topic);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_MissingSubscription_ThrowsSubscriptionNotFoundNamingIt()
    {
        var missing = NewId("nosub");

        var error = await Assert.ThrowsAsync<SubscriptionNotFoundException>(
            () => Bus.SubscribeAsync(missing, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureSubscriptionAsync_MissingTopic_ThrowsTopicNotFound()
    {
        var topic = NewId("absent");
        var definition = new BusSubscription { Name = NewId("sub"), Topic = topic, DeadLetterTopic = NewId("dlq") };

        var error = await Assert.ThrowsAsync<TopicNotFoundException>(() => Bus.EnsureSubscriptionAsync(definition, CancellationToken.None));

        Assert.Equal(topic, error.Topic);
    }

    [Fact]
    public async Task EnsureTopicAndSubscription_CalledTwice_AreIdempotentAndKeepMessages()
    {
        var (topic, subscription, _) = await CreateTopologyAsync();
        await Bus.PublishAsync(topic, new BusMessage("kept"u8.ToArray()), CancellationToken.None);

        await Bus.EnsureTopicAsync(topic, CancellationToken.None);
        await Bus.EnsureSubscriptionAsync(Definition(topic, subscription), CancellationToken.None);

        var message = Assert.Single(await ReceiveAsync(subscription, 1));
        Assert.Equal("kept", Encoding.UTF8.GetString(message.Data.Span));
    }

    [Fact]
    public async Task Subscribe_AfterDispose_UndeliveredMessagesGoToTheNextSubscriber()
    {
        var (topic, subscription, _) = await CreateTopologyAsync();
        var first = await Bus.SubscribeAsync(subscription, (_, _) => Task.CompletedTask, CancellationToken.None);
        await first.DisposeAsync();

        await Bus.PublishAsync(topic, new BusMessage("later"u8.ToArray()), CancellationToken.None);
        var message = Assert.Single(await ReceiveAsync(subscription, 1));

        Assert.Equal("later", Encoding.UTF8.GetString(message.Data.Span));
    }

    /// <summary>A unique id (valid for Pub/Sub) for this test run.</summary>
    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Subscribes and remembers the handle so the test cleans it up.</summary>
    protected async Task SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler)
    {
        _subscriptions.Add(await Bus.SubscribeAsync(subscription, handler, CancellationToken.None));
    }

    /// <summary>
    /// Subscribes a collecting handler, waits for <paramref name="count"/> messages (or, for 0, watches the quiet
    /// period), and returns everything received.
    /// </summary>
    protected async Task<IReadOnlyList<ReceivedBusMessage>> ReceiveAsync(string subscription, int count)
    {
        var received = new ConcurrentQueue<ReceivedBusMessage>();
        await SubscribeAsync(subscription, (message, _) =>
        {
            received.Enqueue(message);
            return Task.CompletedTask;
        });
        if (count == 0)
        {
            await Task.Delay(QuietPeriod);
        }
        else
        {
            await WaitUntilAsync(() => received.Count >= count);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return [.. received];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="DeliveryTimeout"/>.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {DeliveryTimeout}");
            await Task.Delay(20);
        }
    }

    private static async Task AssertNothingMoreAsync(ChannelReader<int> reader)
    {
        await Task.Delay(QuietPeriod);
        Assert.False(reader.TryRead(out var extra), $"unexpected extra delivery (attempt {extra})");
    }

    private static BusSubscription Definition(string topic, string subscription) => new()
    {
        Name = subscription,
        Topic = topic,
        DeadLetterTopic = topic + "-dlq",
        MinimumBackoff = TestBackoff,
        MaximumBackoff = TestBackoff,
    };

    private Task<(string Topic, string Subscription, string DeadLetterSubscription)> CreateTopicsAsync() => CreateTopologyAsync();

    private async Task<(string Topic, string Subscription, string DeadLetterSubscription)> CreateTopologyAsync()
    {
        var topic = NewId("t");
        var subscription = NewId("s");
        await Bus.EnsureTopicAsync(topic, CancellationToken.None);
        var definition = Definition(topic, subscription);
        await Bus.EnsureSubscriptionAsync(definition, CancellationToken.None);
        var deadLetterSubscription = NewId("dls");
        await Bus.EnsureSubscriptionAsync(Definition(definition.DeadLetterTopic, deadLetterSubscription), CancellationToken.None);
        return (topic, subscription, deadLetterSubscription);
    }
}
