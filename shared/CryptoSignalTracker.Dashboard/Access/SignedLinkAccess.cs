using CryptoSignalTracker.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// Who may see the cloud dashboard: whoever the bot gave a link. <c>GET /auth?link=TOKEN</c> with a
/// <see cref="SignedToken"/> for <see cref="DashboardAccess.LinkPurpose"/> that is genuine and not expired signs in
/// (<see cref="SessionCookieAccess"/>): the cookie <see cref="SessionCookie"/> holds a new token for
/// <see cref="DashboardAccess.SessionPurpose"/> and the same user, valid for the session lifetime, always marked Secure
/// (Cloud Run ends TLS before the container, so the request itself looks like http), and the redirect goes to
/// <c>/</c>. An expired, forged, tampered or other-purpose link is 401 with the reason. The open path (the host's
/// health route) needs nothing. A refusal is logged with its reason only, never the token.
/// </summary>
internal sealed class SignedLinkAccess : SessionCookieAccess
{
    /// <summary>The session cookie's name.</summary>
    public const string SessionCookie = "cst_dashboard_session";

    private readonly SignedToken _signer;
    private readonly TimeSpan _sessionLifetime;
    private readonly PathString _openPath;
    private readonly ILogger _log;

    /// <summary>Checks links and sessions with <paramref name="signer"/>; sessions last <paramref name="sessionLifetime"/>; <paramref name="openPath"/> needs no session.</summary>
    public SignedLinkAccess(SignedToken signer, TimeSpan sessionLifetime, PathString openPath, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sessionLifetime, TimeSpan.Zero);
        _signer = signer;
        _sessionLifetime = sessionLifetime;
        _openPath = openPath;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <inheritdoc />
    protected override string NoSessionHint => "open the dashboard with the link the bot's /dashboard sends (valid 15 minutes)";

    /// <inheritdoc />
    protected override bool IsOpen(HttpRequest request) => _openPath.HasValue && request.Path.Equals(_openPath, StringComparison.Ordinal);

    /// <inheritdoc />
    protected override string CookieName(HttpContext context) => SessionCookie;

    /// <inheritdoc />
    protected override SignInOutcome? SignIn(HttpRequest request)
    {
        if (!request.Path.Equals("/" + DashboardAccess.LinkPath, StringComparison.Ordinal))
        {
            return null;
        }

        var offered = request.Query[DashboardAccess.LinkParameter];
        if (offered.Count != 1)
        {
            _log.LogWarning("dashboard: a sign-in without exactly one '{Parameter}' parameter was refused", DashboardAccess.LinkParameter);
            return SignInOutcome.Refused($"the address has no {DashboardAccess.LinkParameter}=…; ask the bot for a new link with /dashboard");
        }

        var link = _signer.Verify(DashboardAccess.LinkPurpose, offered[0]);
        if (!link.IsValid)
        {
            _log.LogWarning("dashboard: a sign-in link was refused ({Reason})", link.Reason);
            return SignInOutcome.Refused($"the link is refused ({link.Reason}); ask the bot for a new one with /dashboard");
        }

        _log.LogInformation("dashboard: user {User} signed in for {Lifetime}", link.UserId, _sessionLifetime);
        return SignInOutcome.Accepted(_signer.Create(DashboardAccess.SessionPurpose, link.UserId, _sessionLifetime), _sessionLifetime, "/");
    }

    /// <inheritdoc />
    protected override bool IsSession(string? cookie) => _signer.Verify(DashboardAccess.SessionPurpose, cookie).IsValid;

    /// <inheritdoc />
    protected override bool SecureCookie(HttpRequest request) => true;
}
