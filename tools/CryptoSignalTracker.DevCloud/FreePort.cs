using System.Net;
using System.Net.Sockets;

namespace CryptoSignalTracker.DevCloud;

/// <summary>Free TCP ports on 127.0.0.1 (asked of the kernel, then released for the child that will bind them).</summary>
internal static class FreePort
{
    /// <summary>A port nobody listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
