using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CryptoSignalTracker.Benchmarks.Telegram;

/// <summary>A minimal local Bot API for the benchmarks: every method succeeds with a plausible message.</summary>
public sealed class LocalBotApi : IDisposable
{
    private static readonly byte[] _reply = Encoding.UTF8.GetBytes(
        """{"ok":true,"result":{"message_id":1001,"date":1748795940,"chat":{"id":7,"type":"private"},"text":"x"}}""");

    private readonly HttpListener _listener = new();

    /// <summary>Starts on a free port.</summary>
    public LocalBotApi()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseUrl { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
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
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = _reply.Length;
                await context.Response.OutputStream.WriteAsync(_reply);
                context.Response.Close();
            });
        }
    }
}
