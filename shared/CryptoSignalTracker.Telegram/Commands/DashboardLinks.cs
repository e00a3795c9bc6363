using CryptoSignalTracker.Core.Security;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>
/// The links <c>/dashboard</c> answers with: <c>{BaseUrl}/auth?link={token}</c>, a <see cref="SignedToken"/> for
/// <see cref="DashboardAccess.LinkPurpose"/> valid <see cref="DashboardAccess.LinkLifetime"/>, for one user.
/// </summary>
public sealed class DashboardLinks
{
    private readonly Uri _baseUrl;
    private readonly SignedToken _signer;

    /// <summary>Links to the dashboard at <paramref name="baseUrl"/> (https, or http on a loopback address), signed by <paramref name="signer"/>.</summary>
    public DashboardLinks(Uri baseUrl, SignedToken signer)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || !(baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)))
        {
            throw new ArgumentException($"dashboard URL '{baseUrl}' must be https (http only on a loopback address): the link carries a sign-in token", nameof(baseUrl));
        }

        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
    }

    /// <summary>
    /// The links for <see cref="BotOptions.DashboardUrl"/> with the key in <paramref name="key"/> (base64, from
    /// <see cref="DashboardAccess.KeyVariable"/>), or null when no dashboard URL is configured.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is set but the key is missing or unusable, or the URL is not https (names the setting, never the key).</exception>
    public static DashboardLinks? Create(string? dashboardUrl, string? key, TimeProvider timeProvider)
    {
        if (string.IsNullOrWhiteSpace(dashboardUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(dashboardUrl.Trim(), UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"{BotOptions.Section}:{nameof(BotOptions.DashboardUrl)} '{dashboardUrl}' is not an absolute URL");
        }

        return new DashboardLinks(url, SignedToken.FromBase64(key, DashboardAccess.KeyVariable, timeProvider));
    }

    /// <summary>A fresh link for <paramref name="userId"/>.</summary>
    public Uri LinkFor(long userId) =>
        new(_baseUrl, $"{DashboardAccess.LinkPath}?{DashboardAccess.LinkParameter}={_signer.Create(DashboardAccess.LinkPurpose, userId, DashboardAccess.LinkLifetime)}");
}
