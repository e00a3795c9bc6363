using System.Diagnostics;
using System.Globalization;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Google.Protobuf;

// Usage: PubSubPublishBench <project> <topicId> <messages> <payloadBytes>   (PUBSUB_EMULATOR_HOST must be set)
// Prints one JSON line: messages, seconds (first publish -> last ack), messages per second, CPU seconds of this
// process during that window, and messages per CPU second.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PubSubPublishBench <project> <topicId> <messages> <payloadBytes>");
    return 2;
}

var project = args[0];
var topicId = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var payloadBytes = int.Parse(args[3], CultureInfo.InvariantCulture);
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PUBSUB_EMULATOR_HOST")))
{
    Console.Error.WriteLine("PUBSUB_EMULATOR_HOST is not set");
    return 2;
}

using var channels = new GoogleChannelFactory();
var channel = channels.GetChannel(GoogleServiceEndpoint.PubSub);
var publisherClient = new Publisher.PublisherClient(channel);
var admin = new PubSubAdmin(publisherClient, new Subscriber.SubscriberClient(channel), project);
var topic = await admin.CreateTopicIfMissingAsync(topicId, CancellationToken.None);

var payload = new byte[payloadBytes];
new Random(42).NextBytes(payload);
var data = ByteString.CopyFrom(payload);

var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var clock = Stopwatch.StartNew();
await using (var publisher = new PubSubPublisher(publisherClient, topic))
{
    var pending = new Task<string>[count];
    for (var i = 0; i < count; i++)
    {
        pending[i] = publisher.PublishAsync(new PubsubMessage { Data = data });
    }

    await Task.WhenAll(pending);
}

clock.Stop();
process.Refresh();
var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"client\":\"dotnet\",\"messages\":{count},\"seconds\":{seconds:F3},\"messagesPerSecond\":{count / seconds:F0},\"cpuSeconds\":{cpu:F3},\"messagesPerCpuSecond\":{count / cpu:F0}}}"));
return 0;
