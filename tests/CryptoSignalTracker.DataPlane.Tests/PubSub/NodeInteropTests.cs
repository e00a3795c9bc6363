using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>
/// Wire interop with Google's official Node.js client on the same emulator: what our publisher sends, Node receives
/// intact, and what Node publishes, our subscriber receives intact (data bytes, attributes, ordering key).
/// </summary>
public sealed class NodeInteropTests : IDisposable
{
    private const int Count = 6;
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();

    [Fact]
    public async Task OurPublisher_NodeClientReceives_DataAttributesAndOrderingKeyIntact()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        List<string> ids;
        await using (var publisher = new PubSubPublisher(_context.Publisher, topic))
        {
            ids = [.. await Task.WhenAll(Enumerable.Range(0, Count).Select(i => publisher.PublishAsync(Reference(i))))];
        }

        var output = await NodePeer.RunInteropAsync(_context.EmulatorHost, NodeTimeout,
            "receive", PubSubTestContext.Project, PubSubNames.IdOf(subscription), Count.ToString(CultureInfo.InvariantCulture), "45000");

        var received = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Count, received.Count);
        foreach (var message in received)
        {
            var index = int.Parse(message.GetProperty("attributes").GetProperty("index").GetString()!, CultureInfo.InvariantCulture);
            var expected = Reference(index);
            Assert.Equal(ids[index], message.GetProperty("id").GetString());
            Assert.Equal(expected.Data.ToByteArray(), Convert.FromBase64String(message.GetProperty("data").GetString()!));
            Assert.Equal(expected.OrderingKey, message.GetProperty("orderingKey").GetString());
            var attributes = message.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            Assert.Equal(expected.Attributes.OrderBy(a => a.Key), attributes.OrderBy(a => a.Key));
        }

        foreach (var key in new[] { "key-0", "key-1" })
        {
            var order = received.Where(m => m.GetProperty("orderingKey").GetString() == key)
                .Select(m => int.Parse(m.GetProperty("attributes").GetProperty("index").GetString()!, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task NodeClientPublishes_OurSubscriberReceives_DataAttributesAndOrderingKeyIntact()
    {
        var (topic, subscription) = await _context.CreateTopicAndSubscriptionAsync(ordering: true);
        var received = new ConcurrentQueue<ReceivedMessage>();
        await using var subscriber = new PubSubSubscriber(_context.Subscriber, subscription, (m, _) =>
        {
            received.Enqueue(m);
            return Task.CompletedTask;
        }, PubSubTestContext.SubscriberSettings);
        subscriber.Start();

        var output = await NodePeer.RunInteropAsync(_context.EmulatorHost, NodeTimeout,
            "publish", PubSubTestContext.Project, PubSubNames.IdOf(topic), Count.ToString(CultureInfo.InvariantCulture));
        var ids = JsonSerializer.Deserialize<List<string>>(output)!;

        var deadline = DateTime.UtcNow + NodeTimeout;
        while (received.Count < Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {received.Count} of {Count} messages from the Node client");
            await Task.Delay(20);
        }

        var byIndex = received.ToDictionary(m => int.Parse(m.Message.Attributes["index"], CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, Count), byIndex.Keys.Order());
        foreach (var (index, message) in byIndex)
        {
            var expected = Reference(index);
            Assert.Equal(ids[index], message.Message.MessageId);
            Assert.Equal(expected.Data.ToByteArray(), message.Message.Data.ToByteArray());
            Assert.Equal(expected.OrderingKey, message.Message.OrderingKey);
            Assert.Equal(expected.Attributes.OrderBy(a => a.Key), message.Message.Attributes.OrderBy(a => a.Key));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();

    /// <summary>The reference message i, built exactly as interop.cjs builds it.</summary>
    private static PubsubMessage Reference(int i)
    {
        var data = new byte[] { (byte)i, 0, 255, 128 }.Concat(Encoding.UTF8.GetBytes($"msg-{i}-✓")).ToArray();
        var message = new PubsubMessage { Data = ByteString.CopyFrom(data), OrderingKey = $"key-{i % 2}" };
        message.Attributes["index"] = i.ToString(CultureInfo.InvariantCulture);
        message.Attributes["unicode"] = "ünï ✓ 値";
        return message;
    }
}
