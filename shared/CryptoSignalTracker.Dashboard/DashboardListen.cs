using System.Globalization;
using System.Net;

namespace CryptoSignalTracker.Dashboard;

/// <summary>Where the dashboard listens: <c>PORT</c>, <c>HOST:PORT</c> or <c>[IPv6]:PORT</c>; the host 127.0.0.1 unless given.</summary>
public static class DashboardListen
{
    /// <summary>The default: loopback only, a free port chosen by the OS.</summary>
    public const string Default = "127.0.0.1:0";

    /// <summary>Parses <paramref name="text"/> (null or empty: <see cref="Default"/>).</summary>
    /// <exception cref="FormatException">Not an address and port; the message names what was wrong.</exception>
    public static IPEndPoint Parse(string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        string host, port;
        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            (host, port) = ("127.0.0.1", value);
        }
        else
        {
            (host, port) = (value[..colon], value[(colon + 1)..]);
            if (host.StartsWith('[') && host.EndsWith(']'))
            {
                host = host[1..^1];
            }
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > IPEndPoint.MaxPort)
        {
            throw new FormatException($"'{value}': the port '{port}' is not a number 0-65535 (give PORT, HOST:PORT or [IPv6]:PORT)");
        }

        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException($"'{value}': '{host}' is not an IP address (give PORT, HOST:PORT or [IPv6]:PORT)");
        return new IPEndPoint(address, number);
    }
}
