using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// Who may see a dashboard started by `cst` (the local one): whoever holds its token. <c>?token=</c> with the right
/// token on any page signs in (<see cref="SessionCookieAccess"/>: a cookie holding the token for the browser session,
/// and a redirect to the same address without it).
/// </summary>
internal sealed class LocalTokenAccess : SessionCookieAccess
{
    private const string QueryName = "token";
    private readonly byte[] _token;

    /// <summary>Creates the check for <paramref name="token"/>.</summary>
    public LocalTokenAccess(string token)
    {
        _token = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>A new random token: 32 bytes from the OS's generator, base64url (43 characters).</summary>
    public static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <inheritdoc />
    protected override string NoSessionHint => "open the dashboard with the link cst printed (…/?token=…)";

    /// <inheritdoc />
    /// <remarks>Named after the port: browsers share a host's cookies across its ports, and two dashboards may run side by side.</remarks>
    protected override string CookieName(HttpContext context) => $"cst_dashboard_{context.Connection.LocalPort}";

    /// <inheritdoc />
    protected override SignInOutcome? SignIn(HttpRequest request)
    {
        if (!request.Query.TryGetValue(QueryName, out var offered))
        {
            return null;
        }

        if (offered.Count != 1 || !IsSession(offered[0]))
        {
            return SignInOutcome.Refused("the token in the link is not this dashboard's");
        }

        var rest = QueryString.Create(request.Query.Where(q => q.Key != QueryName));
        return SignInOutcome.Accepted(Encoding.UTF8.GetString(_token), null, $"{request.PathBase}{request.Path}{rest}");
    }

    /// <inheritdoc />
    protected override bool IsSession(string? cookie) =>
        cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), _token);

    /// <inheritdoc />
    protected override bool SecureCookie(HttpRequest request) => request.IsHttps;
}
