using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>Push subscriptions created by <see cref="PubSubAdmin"/> against the real emulator, which POSTs each message to the endpoint.</summary>
public sealed class PubSubPushSubscriptionTests : IDisposable
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();

    [Fact]
    public async Task CreateSubscriptionIfMissing_PushEndpoint_EmulatorPostsTheEnvelopeToItsPath()
    {
        using var endpoint = PushEndpoint.Start(failFirst: 0);
        var topic = PubSubTestContext.NewId("t");
        await _context.Admin.CreateTopicIfMissingAsync(topic, CancellationToken.None);
        var definition = Definition(topic);
        var url = new Uri(endpoint.BaseUrl, $"projects/{PubSubTestContext.Project}/topics/{topic}");

        await _context.Admin.CreateSubscriptionIfMissingAsync(definition, TimeSpan.FromSeconds(60), url, CancellationToken.None);
        await _context.Admin.CreateSubscriptionIfMissingAsync(definition, TimeSpan.FromSeconds(60), url, CancellationToken.None); // idempotent

        var stored = await _context.Admin.GetSubscriptionAsync(definition.Name, CancellationToken.None);
        Assert.Equal(url.AbsoluteUri, stored.PushConfig.PushEndpoint);
        Assert.Equal(60, stored.AckDeadlineSeconds);
        Assert.Equal(PubSubNames.Topic(PubSubTestContext.Project, definition.DeadLetterTopic), stored.DeadLetterPolicy.DeadLetterTopic);
        await PublishAsync(topic, "hello");
        var delivery = await endpoint.NextAsync();
        Assert.Equal(url.AbsolutePath, delivery.Path);
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(PubSubNames.Subscription(PubSubTestContext.Project, definition.Name), body.RootElement.GetProperty("subscription").GetString());
        var message = body.RootElement.GetProperty("message");
        Assert.Equal("hello", Encoding.UTF8.GetString(message.GetProperty("data").GetBytesFromBase64()));
        Assert.Equal("v", message.GetProperty("attributes").GetProperty("k").GetString());
    }

    [Fact]
    public async Task CreateSubscriptionIfMissing_PushEndpointFails_RedeliveredAfterTheBackoff()
    {
        using var endpoint = PushEndpoint.Start(failFirst: 1);
        var topic = PubSubTestContext.NewId("t");
        await _context.Admin.CreateTopicIfMissingAsync(topic, CancellationToken.None);
        await _context.Admin.CreateSubscriptionIfMissingAsync(Definition(topic), TimeSpan.FromSeconds(10), new Uri(endpoint.BaseUrl, "push"), CancellationToken.None);

        await PublishAsync(topic, "again");
        var first = await endpoint.NextAsync();
        var second = await endpoint.NextAsync();

        Assert.Equal(first.Body, second.Body);
        Assert.Equal(500, first.Status);
        Assert.Equal(200, second.Status);
    }

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("ftp://127.0.0.1/x")]
    public async Task CreateSubscriptionIfMissing_PushEndpointNotHttp_ThrowsNamingIt(string endpoint)
    {
        var uri = new Uri(endpoint, UriKind.RelativeOrAbsolute);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            _context.Admin.CreateSubscriptionIfMissingAsync(Definition("unused-topic"), TimeSpan.FromSeconds(10), uri, CancellationToken.None));
        Assert.Contains(endpoint, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();

    private static BusSubscription Definition(string topic) => new()
    {
        Name = PubSubTestContext.NewId("s"),
        Topic = topic,
        DeadLetterTopic = topic + "-dead-letter",
        MaxDeliveryAttempts = 5,
        MinimumBackoff = TimeSpan.FromMilliseconds(100),
        MaximumBackoff = TimeSpan.FromSeconds(1),
        EnableMessageOrdering = false,
    };

    private async Task PublishAsync(string topic, string text)
    {
        var message = new PubsubMessage { Data = ByteString.CopyFromUtf8(text) };
        message.Attributes["k"] = "v";
        await _context.Publisher.PublishAsync(new PublishRequest { Topic = PubSubNames.Topic(PubSubTestContext.Project, topic), Messages = { message } });
    }

    /// <summary>A local HTTP endpoint recording every POST; the first <c>failFirst</c> answer 500.</summary>
    private sealed class PushEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly BlockingCollection<(string Path, string Body, int Status)> _deliveries = [];
        private readonly int _failFirst;
        private int _count;

        private PushEndpoint(int port, int failFirst)
        {
            _failFirst = failFirst;
            BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        }

        public Uri BaseUrl { get; }

        public static PushEndpoint Start(int failFirst)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var endpoint = new PushEndpoint(port, failFirst);
            endpoint._listener.Start();
            _ = endpoint.ServeAsync();
            return endpoint;
        }

        public async Task<(string Path, string Body, int Status)> NextAsync()
        {
            var taken = await Task.Run(() => _deliveries.TryTake(out var d, _timeout) ? d : default);
            Assert.True(taken.Body is not null, $"no push delivery within {_timeout}");
            return taken;
        }

        public void Dispose()
        {
            _listener.Close();
            _deliveries.Dispose();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return; // closed
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var status = Interlocked.Increment(ref _count) <= _failFirst ? 500 : 200;
                context.Response.StatusCode = status;
                context.Response.Close();
                _deliveries.Add((context.Request.Url!.AbsolutePath, body, status));
            }
        }
    }
}
