using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Dashboard;

namespace CryptoSignalTracker.Functions.Dashboard;

/// <summary>
/// The Dashboard service's settings: section <c>Dashboard</c> (<c>Dashboard__SessionLifetime</c>) and the link key
/// from <see cref="DashboardAccess.KeyVariable"/> (Secret Manager, shared with the TelegramWebhook). Checked at start:
/// without a usable key the service does not start.
/// </summary>
public sealed class DashboardServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dashboard";

    /// <summary>Longest <see cref="SessionLifetime"/> accepted: 7 days (a session cannot be revoked before it expires).</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromDays(7);

    /// <summary>How long the session cookie a valid link gets works. Default 12 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = SignedLinkDashboard.DefaultSessionLifetime;

    /// <summary>The base64 signing key (from <see cref="DashboardAccess.KeyVariable"/>, not from the section).</summary>
    public string? LinkKey { get; set; }

    /// <summary>Throws naming the first bad setting (never the key's value).</summary>
    public void Validate()
    {
        if (SessionLifetime <= TimeSpan.Zero || SessionLifetime > MaxSessionLifetime)
        {
            throw new ArgumentException($"{Section}:{nameof(SessionLifetime)} is {SessionLifetime}; it must be more than 0 and at most {MaxSessionLifetime.TotalDays} days");
        }

        SignedToken.FromBase64(LinkKey, DashboardAccess.KeyVariable);
    }
}
