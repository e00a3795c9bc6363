using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using CryptoSignalTracker.Google.Protos.Firestore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// A gRPC pass-through between the function processes and the Firestore emulator (point their
/// <c>FIRESTORE_EMULATOR_HOST</c> at <see cref="Host"/>) that counts what Firestore bills: a document read per
/// <c>GetDocument</c> and per document a <c>RunQuery</c> returns (one for a query that returns none), a write per
/// updated document and a delete per deleted one in each <c>Commit</c>. The emulator has no such counter. Requests are
/// unary or server-streaming here (the stores use nothing else), so each request body is read whole and each response
/// is relayed after it ends, trailers included.
/// </summary>
public sealed class FirestoreCountingProxy : IAsyncDisposable
{
    private const string Service = "/google.firestore.v1.Firestore/";
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly Uri _target;
    private long _reads;
    private long _writes;
    private long _deletes;

    private FirestoreCountingProxy(WebApplication app, HttpClient client, Uri target)
    {
        _app = app;
        _client = client;
        _target = target;
    }

    /// <summary>host:port the proxy listens on (127.0.0.1).</summary>
    public string Host { get; private set; } = string.Empty;

    /// <summary>Calls per method name (GetDocument, Commit, RunQuery, BeginTransaction, Rollback...).</summary>
    public ConcurrentDictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Document reads, writes and deletes so far, as Firestore bills them.</summary>
    public (long Reads, long Writes, long Deletes) Operations => (Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _deletes));

    /// <summary>Starts a proxy in front of the emulator at <paramref name="emulatorHost"/> (host:port).</summary>
    public static async Task<FirestoreCountingProxy> StartAsync(string emulatorHost)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { Timeout = Timeout.InfiniteTimeSpan };
        var proxy = new FirestoreCountingProxy(app, client, new Uri($"http://{emulatorHost}"));
        app.Run(proxy.RelayAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy.Host = $"127.0.0.1:{address.Port}";
        return proxy;
    }

    private async Task RelayAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = path.StartsWith(Service, StringComparison.Ordinal) ? path[Service.Length..] : path;
        Calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var requestBytes = body.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_target, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(requestBytes),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith(':') || name.Equals("host", StringComparison.OrdinalIgnoreCase) || name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        var responseBytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        Count(method, requestBytes, responseBytes);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await context.Response.Body.WriteAsync(responseBytes, context.RequestAborted);
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>();
        foreach (var trailer in response.TrailingHeaders)
        {
            if (trailers is not null)
            {
                trailers.Trailers[trailer.Key] = trailer.Value.ToArray();
            }
        }
    }

    private void Count(string method, byte[] request, byte[] response)
    {
        switch (method)
        {
            case "GetDocument":
                Interlocked.Increment(ref _reads);
                break;
            case "Commit":
                foreach (var message in Messages(request))
                {
                    var commit = CommitRequest.Parser.ParseFrom(message);
                    Interlocked.Add(ref _writes, commit.Writes.Count(w => w.OperationCase == Write.OperationOneofCase.Update));
                    Interlocked.Add(ref _deletes, commit.Writes.Count(w => w.OperationCase == Write.OperationOneofCase.Delete));
                }

                break;
            case "RunQuery":
                var documents = Messages(response).Count(m => RunQueryResponse.Parser.ParseFrom(m).Document is not null);
                Interlocked.Add(ref _reads, Math.Max(1, documents));
                break;
        }
    }

    /// <summary>The messages of a gRPC body: each a compressed flag, a 4-byte big-endian length and the bytes.</summary>
    private static List<byte[]> Messages(byte[] body)
    {
        var messages = new List<byte[]>();
        for (var i = 0; i + 5 <= body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(i + 1, 4));
            messages.Add(body.AsSpan(i + 5, length).ToArray());
            i += 5 + length;
        }

        return messages;
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
