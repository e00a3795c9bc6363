using System.Globalization;
using CryptoSignalTracker.Telegram.Commands;

namespace CryptoSignalTracker.DevCloud;

/// <summary>The local cloud's Dashboard: its address (the webhook's links point at it) and a sign-in link for `cst dev up` to print.</summary>
public static class LocalDashboard
{
    /// <summary>The Dashboard's project name.</summary>
    public const string FunctionName = "Dashboard";

    /// <summary>The Dashboard's address on <paramref name="port"/>: http on loopback (the bot's links allow http only there).</summary>
    public static Uri UrlOf(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));

    /// <summary>
    /// A link that opens <paramref name="cloud"/>'s Dashboard as <paramref name="userId"/>, made as the bot's <c>/dashboard</c>
    /// makes it (<see cref="DashboardLinks"/>, the shared key), valid 15 minutes; null when the Dashboard does not run there.
    /// </summary>
    public static Uri? LinkFor(LocalCloud cloud, long userId)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var dashboard = cloud.Functions.FirstOrDefault(f => f.Name == FunctionName);
        return dashboard is null ? null
            : DashboardLinks.Create(UrlOf(dashboard.Port).AbsoluteUri, cloud.Options.DashboardLinkKey(), TimeProvider.System)!.LinkFor(userId);
    }
}
