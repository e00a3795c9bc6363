using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>Measures allocations of the whole process, so nothing else may run beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation";
}

/// <summary>
/// Issue 15 item 6: a large Pub/Sub push body costs the host about its own size — read once into one array, parsed once,
/// its message data decoded in place — and at most <see cref="HostingOptions.MaxConcurrentLargeBodies"/> are handled at once.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class LargeBodyTests(ITestOutputHelper output)
{
    private const int EightMiB = 8 * 1024 * 1024;

    /// <summary>A push envelope of about <paramref name="envelopeBytes"/> whose data is <paramref name="fill"/> repeated.</summary>
    private static (byte[] Envelope, byte[] Data) LargeEnvelope(int envelopeBytes, byte fill = (byte)'7', string id = "4102184774039362")
    {
        var data = new byte[(envelopeBytes - 300) / 4 * 3];
        Array.Fill(data, fill);
        var json = $$"""{"message":{"data":"{{Convert.ToBase64String(data)}}","attributes":{"kind":"trades"},"messageId":"{{id}}","publishTime":"2022-02-15T11:28:32.942Z","orderingKey":"BTCUSDT"},"subscription":"projects/p/subscriptions/s","deliveryAttempt":2}""";
        return (Encoding.UTF8.GetBytes(json), data);
    }

    [Fact]
    public void Decode_EightMiBPushEnvelope_AllocatesNoCopyOfTheData()
    {
        // Before: a JsonDocument over the body (a pooled metadata buffer of twice the body's size), a pooled base64 scratch
        // buffer and a copy of the data (6 MiB), all of it on the large-object heap or kept by the shared pool.
        var (warmUp, _) = LargeEnvelope(4096);
        CloudEventRequestDecoder.Decode(new HeaderDictionary(), "application/json", "/", warmUp);
        var (body, data) = LargeEnvelope(EightMiB);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var cloudEvent = CloudEventRequestDecoder.Decode(new HeaderDictionary(), "application/json", "/", body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"decoding one {body.Length}-byte envelope allocated {allocated} bytes");
        var envelope = Assert.IsType<MessagePublishedData>(cloudEvent.Data);
        Assert.True(envelope.Message.Data.Span.SequenceEqual(data), "the decoded data differs from what was sent");
        Assert.Equal("4102184774039362", cloudEvent.Id);
        Assert.True(allocated < 64 * 1024, $"decoding an {body.Length}-byte envelope allocated {allocated} bytes");
    }

    [Fact]
    public async Task Post_EightMiBPushEnvelope_ProcessAllocatesAboutTheBodyOnce()
    {
        // The body's one array plus 1 MiB for everything else (client, server buffers, logging). Before: the body, then two
        // parses, each renting a buffer of twice the body and a base64 scratch buffer and copying the data.
        var (body, allocated) = await PostOneAsync(Json, "with Content-Length");
        Assert.True(allocated < body + (1024 * 1024), $"one {body}-byte envelope allocated {allocated} bytes in the process");
    }

    [Fact]
    public async Task Post_ChunkedEightMiBPushEnvelope_AllocatesAtMostTwiceTheBody()
    {
        // Without a Content-Length the body arrives in chunks: small ones, then one array of the total (was a doubling
        // MemoryStream and its ToArray, about four times the body).
        var (body, allocated) = await PostOneAsync(Chunked, "chunked");
        Assert.True(allocated < (2 * body) + (2 * 1024 * 1024), $"one chunked {body}-byte envelope allocated {allocated} bytes in the process");
    }

    /// <summary>
    /// Posts a 2 MiB envelope (warm-up: code, connection), then an 8 MiB one; checks the function got its data and returns
    /// the body's size and what the whole process allocated while that request ran.
    /// </summary>
    private async Task<(long Body, long Allocated)> PostOneAsync(Func<byte[], HttpContent> content, string how)
    {
        var received = new Received();
        await using var host = await RunningHost.StartAsync(typeof(StoringFunction), s => s.AddSingleton(received));
        using (var warmUp = content(LargeEnvelope(2 * 1024 * 1024, id: "1").Envelope))
        using (var first = await host.Client.PostAsync("/", warmUp))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var (body, data) = LargeEnvelope(EightMiB, (byte)'8', id: "2");
        using var request = content(body);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await host.Client.PostAsync("/", request);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"one {body.Length}-byte envelope, {how}: {allocated} bytes allocated in the process");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(received.Events.Single(e => e.Event.Id == "2").Data.Message.Data.Span.SequenceEqual(data), "the function got other data than was sent");
        return (body.Length, allocated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Post_SixLargeBodiesAtOnce_HandledAtMostMaxConcurrentLargeBodiesAtATime(int limit)
    {
        var gate = new ConcurrencyGauge();
        await using var host = await RunningHost.StartAsync(typeof(GaugedFunction), s => s.AddSingleton(gate), [$"--Hosting:MaxConcurrentLargeBodies={limit}"]);
        var bodies = Enumerable.Range(1, 6).Select(i => LargeEnvelope(2 * 1024 * 1024, id: i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Envelope).ToList();

        var responses = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await host.Client.PostAsync("/", Json(body));
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(6, gate.Handled);
        Assert.Equal(limit, gate.MostAtOnce);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task Start_MaxConcurrentLargeBodiesOutOfRange_FailsNamingTheSetting(string value)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => RunningHost.StartAsync(typeof(GaugedFunction), s => s.AddSingleton(new ConcurrencyGauge()), [$"--Hosting:MaxConcurrentLargeBodies={value}"]));

        Assert.Contains("Hosting:MaxConcurrentLargeBodies", e.ToString(), StringComparison.Ordinal);
    }

    private static HttpContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpContent Chunked(byte[] body)
    {
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A read-only stream that does not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
