using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Hosting.Tests;

public sealed class FunctionHostTests
{
    private const string Source = "//pubsub.googleapis.com/projects/p/topics/raw-tick-data-bybit";

    private static string Envelope(string payload, string id = "4102184774039362", bool snake = false)
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        return snake
            ? $$"""{"message":{"data":"{{data}}","attributes":{"kind":"trades"},"message_id":"{{id}}","publish_time":"2022-02-15T11:28:32.942Z","ordering_key":"BTCUSDT"},"subscription":"projects/p/subscriptions/s","deliveryAttempt":3}"""
            : $$"""{"message":{"data":"{{data}}","attributes":{"kind":"trades"},"messageId":"{{id}}","publishTime":"2022-02-15T11:28:32.942Z","orderingKey":"BTCUSDT"},"subscription":"projects/p/subscriptions/s"}""";
    }

    private static async Task<RunningHost> StartRecording(Received received, Action<IServiceCollection>? more = null) =>
        await RunningHost.StartAsync(typeof(RecordingFunction), s =>
        {
            s.AddSingleton(received);
            more?.Invoke(s);
        });

    [Fact]
    public async Task Health_NoHealthChecks_Returns200()
    {
        await using var host = await StartRecording(new Received());
        using var response = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Health_FunctionCheckUnhealthy_Returns503WithDetail()
    {
        var health = new SwitchableHealth { Healthy = false };
        await using var host = await StartRecording(new Received(), s => s.AddSingleton<IFunctionHealthCheck>(health));
        using var bad = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bad.StatusCode);
        Assert.Contains("stale", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        health.Healthy = true;
        using var good = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Post_BinaryModeCloudEvent_FunctionGetsEventAndDecodedMessage()
    {
        var received = new Received();
        await using var host = await StartRecording(received);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(Envelope("hello"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-id", "1234");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", PubSubEventTypes.MessagePublished);
        request.Headers.Add("ce-source", Source);
        request.Headers.Add("ce-time", "2022-02-15T11:28:32.942Z");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (e, data) = Assert.Single(received.Events);
        Assert.Equal("1234", e.Id);
        Assert.Equal(PubSubEventTypes.MessagePublished, e.Type);
        Assert.Equal(Source, e.Source!.ToString());
        Assert.Equal("hello", Encoding.UTF8.GetString(data.Message.Data.Span));
        Assert.Equal("trades", data.Message.Attributes["kind"]);
        Assert.Equal("BTCUSDT", data.Message.OrderingKey);
        Assert.Equal(new DateTimeOffset(2022, 2, 15, 11, 28, 32, 942, TimeSpan.Zero), data.Message.PublishTime);
    }

    [Fact]
    public async Task Post_StructuredModeCloudEvent_FunctionGetsEventAndDecodedMessage()
    {
        var received = new Received();
        await using var host = await StartRecording(received);
        var body = $$"""{"specversion":"1.0","id":"abc","source":"{{Source}}","type":"{{PubSubEventTypes.MessagePublished}}","datacontenttype":"application/json","time":"2024-01-01T00:00:00Z","data":{{Envelope("structured")}}}""";
        using var response = await host.Client.PostAsync("/", new StringContent(body, Encoding.UTF8, "application/cloudevents+json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (e, data) = Assert.Single(received.Events);
        Assert.Equal("abc", e.Id);
        Assert.Equal("structured", Encoding.UTF8.GetString(data.Message.Data.Span));
        Assert.Equal("4102184774039362", data.Message.MessageId);
    }

    [Fact]
    public async Task Post_PlainPushEnvelopeWithSnakeCaseFields_FunctionGetsMessage()
    {
        var received = new Received();
        await using var host = await StartRecording(received);
        using var response = await host.Client.PostAsync("/", new StringContent(Envelope("pushed", "777", snake: true), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (e, data) = Assert.Single(received.Events);
        Assert.Equal("777", e.Id);
        Assert.Equal(PubSubEventTypes.MessagePublished, e.Type);
        Assert.Equal("777", data.Message.MessageId);
        Assert.Equal(3, data.DeliveryAttempt);
        Assert.Equal("projects/p/subscriptions/s", data.Subscription);
        Assert.Equal("pushed", Encoding.UTF8.GetString(data.Message.Data.Span));
    }

    [Theory]
    [InlineData("{not json", "application/json", "not JSON")]
    [InlineData("[1,2]", "application/json", "expected an object")]
    [InlineData("""{"subscription":"s"}""", "application/json", "no 'message' object")]
    [InlineData("""{"message":{"data":"e30="}}""", "application/json", "messageId")]
    [InlineData("""{"message":{"data":"%%%","messageId":"1"}}""", "application/json", "base64")]
    [InlineData("""{"message":{"data":"e30=","messageId":"1","attributes":{"a":1}}}""", "application/json", "attribute 'a'")]
    [InlineData("""[{"specversion":"1.0"}]""", "application/cloudevents-batch+json", "batched")]
    [InlineData("""{"specversion":"1.0","id":"x","type":"t"}""", "application/cloudevents+json", "structured-mode")]
    public async Task Post_MalformedBody_Returns400NamingTheProblem(string body, string contentType, string expected)
    {
        var received = new Received();
        await using var host = await StartRecording(received);
        using var response = await host.Client.PostAsync("/", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(received.Events);
    }

    [Fact]
    public async Task Post_BinaryModeWithoutType_Returns400NamingTheAttribute()
    {
        await using var host = await StartRecording(new Received());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(Envelope("x"), Encoding.UTF8, "application/json") };
        request.Headers.Add("ce-id", "1");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-source", Source);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BinaryModeWhoseDataIsNotMessagePublishedData_Returns400()
    {
        await using var host = await StartRecording(new Received());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("\"just text\"", Encoding.UTF8, "application/json") };
        request.Headers.Add("ce-id", "1");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", PubSubEventTypes.MessagePublished);
        request.Headers.Add("ce-source", Source);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MessagePublishedData", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FunctionThrows_Returns500SoPubSubRedelivers()
    {
        await using var host = await StartRecording(new Received());
        using var response = await host.Client.PostAsync("/", new StringContent(Envelope("fail"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("the store is down", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FunctionAsksToRetryLater_Returns503()
    {
        await using var host = await StartRecording(new Received());
        using var response = await host.Client.PostAsync("/", new StringContent(Envelope("later"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("batch 3 of 5", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnprocessableWithoutDeadLetterTopic_Returns422WithReason()
    {
        await using var host = await StartRecording(new Received());
        using var response = await host.Client.PostAsync("/", new StringContent(Envelope("bad"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("field 'x' is missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnprocessableWithDeadLetterTopic_PublishesItWithReasonAndAcknowledges()
    {
        await using var bus = new InProcessMessageBus();
        await bus.EnsureTopicAsync("raw-dead", CancellationToken.None);
        await bus.EnsureTopicAsync("raw-dead-dlq", CancellationToken.None);
        await bus.EnsureSubscriptionAsync(new BusSubscription { Name = "hold", Topic = "raw-dead", DeadLetterTopic = "raw-dead-dlq" }, CancellationToken.None);
        var dead = new TaskCompletionSource<ReceivedBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await bus.SubscribeAsync("hold", (m, _) =>
        {
            dead.TrySetResult(m);
            return Task.CompletedTask;
        }, CancellationToken.None);
        await using var host = await StartRecording(new Received(), s =>
        {
            s.AddSingleton<IMessageBus>(bus);
            s.Configure<HostingOptions>(o => o.DeadLetterTopic = "raw-dead");
        });
        using var response = await host.Client.PostAsync("/", new StringContent(Envelope("bad", "55"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await dead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("bad", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Contains("field 'x' is missing", message.Attributes[DeadLetterAttributes.Reason], StringComparison.Ordinal);
        Assert.Equal("55", message.Attributes[DeadLetterAttributes.OriginalMessageId]);
        Assert.Equal("projects/p/subscriptions/s", message.Attributes[DeadLetterAttributes.Subscription]);
        Assert.Equal("trades", message.Attributes["kind"]);
    }

    [Fact]
    public async Task Get_CloudEventFunction_Returns405()
    {
        await using var host = await StartRecording(new Received());
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task HttpFunction_AnyPath_GetsTheRequestButRobotsIs404()
    {
        await using var host = await RunningHost.StartAsync(typeof(EchoFunction));
        Assert.Equal("GET /status/x", await host.Client.GetStringAsync("/status/x"));
        using var robots = await host.Client.GetAsync("/robots.txt");
        Assert.Equal(HttpStatusCode.NotFound, robots.StatusCode);
        using var health = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Post_ManyConcurrentEvents_AllDelivered()
    {
        var received = new Received();
        await using var host = await StartRecording(received);
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), async (i, ct) =>
        {
            using var response = await host.Client.PostAsync("/", new StringContent(Envelope($"m{i}", $"{i + 1}"), Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        Assert.Equal(50, received.Events.Select(e => e.Event.Id).Distinct().Count());
    }

    [Fact]
    public void Build_TypeThatIsNoFunction_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionHost.Build(new FunctionHostSettings { FunctionType = typeof(Received) }));
        Assert.Contains(typeof(Received).FullName!, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAndStart_NegativeShutdownTimeout_FailsNamingTheSetting()
    {
        var ex = Assert.ThrowsAny<Exception>(() => FunctionHost.Build(new FunctionHostSettings
        {
            FunctionType = typeof(EchoFunction),
            Port = 0,
            Address = IPAddress.Loopback,
            Args = ["--Hosting:ShutdownTimeout=-00:00:01"],
        }).StartAsync().GetAwaiter().GetResult());
        Assert.Contains("ShutdownTimeout", ex.ToString(), StringComparison.Ordinal);
    }
}
