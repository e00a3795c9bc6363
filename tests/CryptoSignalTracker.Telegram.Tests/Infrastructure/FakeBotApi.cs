using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>
/// A local HTTP server on 127.0.0.1 that answers like the Bot API: <c>/bot{token}/{method}</c>, JSON or multipart
/// bodies, <c>{"ok":true,"result":...}</c> envelopes. Records every request; <see cref="Responder"/> can return an
/// error (429, 5xx, 403, 400 ...) for chosen requests; otherwise a plausible success is sent.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private int _nextMessageId = 1000;
    private int _disposed;

    /// <summary>Starts the server on a free port; request times are read from <paramref name="clock"/>.</summary>
    public FakeBotApi(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{Port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The base URL to give Telegram.Bot.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Chooses a reply for a request; null means the default success.</summary>
    public Func<RecordedRequest, FakeReply?>? Responder { get; set; }

    /// <summary>Extra real-time delay before answering (to widen race windows in concurrency tests).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>A snapshot of everything received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The received requests of <paramref name="method"/>.</summary>
    public IReadOnlyList<RecordedRequest> Calls(string method) =>
        [.. Requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // a test may stop the server early (connection refused) and the harness disposes it again
        }

        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // the listener was closed under the pending GetContextAsync: that is how the loop ends
            _ = e;
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.Trim('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var token = slash > 3 ? path[3..slash] : string.Empty;
        var method = slash > 0 ? path[(slash + 1)..] : path;
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var contentType = context.Request.ContentType ?? string.Empty;

        Dictionary<string, string> fields;
        Dictionary<string, byte[]> files = [];
        if (contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            (fields, files) = Multipart.Parse(body, contentType);
        }
        else
        {
            fields = [];
            if (body.Length > 0)
            {
                using var doc = JsonDocument.Parse(body);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }

        var request = new RecordedRequest(method, token, fields, files, contentType, _clock.GetUtcNow());
        lock (_lock)
        {
            _requests.Add(request);
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var reply = Responder?.Invoke(request) ?? Success(request);
        var bytes = Encoding.UTF8.GetBytes(reply.Json);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private FakeReply Success(RecordedRequest r)
    {
        if (r.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase))
        {
            return new FakeReply(200, """{"ok":true,"result":true}""");
        }

        var chatId = r.Fields.TryGetValue("chat_id", out var c) ? long.Parse(c, CultureInfo.InvariantCulture) : 1;
        var messageId = r.Fields.TryGetValue("message_id", out var m) ? int.Parse(m, CultureInfo.InvariantCulture) : Interlocked.Increment(ref _nextMessageId);
        var message = new Dictionary<string, object>
        {
            ["message_id"] = messageId,
            ["date"] = 1_748_623_200,
            ["chat"] = new Dictionary<string, object> { ["id"] = chatId, ["type"] = chatId < 0 ? "supergroup" : "private" },
        };
        if (r.Fields.TryGetValue("text", out var text))
        {
            message["text"] = text;
        }

        return new FakeReply(200, JsonSerializer.Serialize(new Dictionary<string, object> { ["ok"] = true, ["result"] = message }));
    }
}
