using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>A local stand-in for the Gemini REST endpoint: records requests, answers with <see cref="Reply"/>.</summary>
public sealed class FakeGemini : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, string? ApiKey, string Body)> _requests = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    /// <summary>Starts on a free port.</summary>
    public FakeGemini()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The base URL for <c>GeminiOptions.BaseUrl</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The answer (status, JSON body) for a request (path, body).</summary>
    public Func<string, string, (int Status, string Json)> Reply { get; set; } = (_, _) => (200, "{}");

    /// <summary>Real-time delay before answering.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>What was received.</summary>
    public IReadOnlyList<(string Path, string? ApiKey, string Body)> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (true)
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

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.AbsolutePath;
                lock (_lock)
                {
                    _requests.Add((path, context.Request.Headers["x-goog-api-key"], body));
                }

                if (Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Latency);
                }

                var (status, json) = Reply(path, body);
                var bytes = Encoding.UTF8.GetBytes(json);
                try
                {
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    // the client gave up (timeout test): nothing to answer
                    context.Response.Abort();
                }
            });
        }
    }
}
