namespace CryptoSignalTracker.Core.Security;

/// <summary>
/// How a Telegram user gets into the cloud dashboard: the bot's <c>/dashboard</c> answers an invited user, in a private
/// chat, with a link carrying a <see cref="SignedToken"/> for <see cref="LinkPurpose"/> that works for
/// <see cref="LinkLifetime"/>; the dashboard exchanges it once at <see cref="LinkPath"/> for a session cookie (a token
/// for <see cref="SessionPurpose"/>) and redirects to a URL without it. Bot and dashboard share the key
/// (<see cref="KeyVariable"/>).
/// </summary>
public static class DashboardAccess
{
    /// <summary>Purpose of the link tokens the bot issues.</summary>
    public const string LinkPurpose = "dashboard-link";

    /// <summary>Purpose of the session cookie the dashboard issues for a valid link.</summary>
    public const string SessionPurpose = "dashboard-session";

    /// <summary>The dashboard path a link points at; its query parameter <see cref="LinkParameter"/> holds the token.</summary>
    public const string LinkPath = "auth";

    /// <summary>The query parameter of a link holding the token.</summary>
    public const string LinkParameter = "link";

    /// <summary>The environment variable (Secret Manager in the cloud) holding the base64 signing key.</summary>
    public const string KeyVariable = "DASHBOARD_LINK_KEY";

    /// <summary>How long a link from <c>/dashboard</c> works: 15 minutes.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);
}
