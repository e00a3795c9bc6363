using System.Net;
using System.Net.Sockets;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>
/// A TCP relay between a client and the emulator on 127.0.0.1; <see cref="DropConnections"/> cuts every open
/// connection (as a server or network failure would) while it keeps accepting new ones.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    /// <summary>Starts relaying to <paramref name="targetHostPort"/> ("127.0.0.1:port").</summary>
    public TcpRelay(string targetHostPort)
    {
        _target = IPEndPoint.Parse(targetHostPort);
        _listener.Start();
        HostPort = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>"127.0.0.1:port" clients connect to.</summary>
    public string HostPort { get; }

    /// <summary>Connections accepted and relayed so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>While true, new connections are accepted and reset at once (the service looks down).</summary>
    public bool Refusing { get; set; }

    /// <summary>Closes every open connection.</summary>
    public void DropConnections()
    {
        lock (_gate)
        {
            foreach (var client in _open)
            {
                // Reset (not a graceful close), as a crashed server or a broken network would.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Refusing)
            {
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                // The target is down: the client sees its connection reset, as it would without the relay.
                outbound.Dispose();
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }

            lock (_gate)
            {
                Accepted++;
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The relay cut the connection on purpose.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
