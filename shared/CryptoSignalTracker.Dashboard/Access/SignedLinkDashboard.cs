using CryptoSignalTracker.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// The dashboard inside another host (the cloud Dashboard service): the same pages and APIs as <see cref="DashboardServer"/>,
/// behind the bot's signed links instead of a `cst` token (<see cref="SignedLinkAccess"/>).
/// </summary>
public static class SignedLinkDashboard
{
    /// <summary>Default lifetime of the session cookie a valid link gets: 12 hours.</summary>
    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// Adds the dashboard to <paramref name="app"/>: routing, the read-only and access middleware, the endpoints. Requests
    /// it does not serve (and <paramref name="openPath"/>, which needs no session) go on to the rest of the pipeline.
    /// </summary>
    /// <param name="app">The host's pipeline.</param>
    /// <param name="sources">What it shows.</param>
    /// <param name="signer">Checks links and signs sessions (the key shared with the bot, <see cref="DashboardAccess.KeyVariable"/>).</param>
    /// <param name="sessionLifetime">How long a session cookie works.</param>
    /// <param name="openPath">A path anyone may ask, e.g. the host's health route.</param>
    /// <param name="log">Where refusals and sign-ins are logged (never a token).</param>
    public static IApplicationBuilder UseSignedLinkDashboard(
        this IApplicationBuilder app, DashboardSources sources, SignedToken signer, TimeSpan sessionLifetime, PathString openPath, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(sources);
        var access = new SignedLinkAccess(signer, sessionLifetime, openPath, log);
        app.UseRouting();

        // The middleware goes in between routing and the endpoints, as DashboardServer's own host has it.
        app.UseEndpoints(routes => DashboardServer.Map(app, routes, sources, access, log));
        return app;
    }
}
