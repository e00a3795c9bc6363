using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// Who may see a dashboard started by `cst` (the local one): whoever holds its token. <c>?token=</c> with the right token sets an HttpOnly,
/// SameSite=Strict session cookie and redirects to the same address without it (no secret stays in the address bar, the
/// history or a Referer); every other request needs that cookie, else 401. The token is never logged.
/// </summary>
internal sealed class LocalTokenAccess
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

    /// <summary>The middleware: lets the request through, or answers it (the redirect that sets the cookie, or 401).</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;

        // Named after the port: browsers share a host's cookies across its ports, and two dashboards may run side by side.
        var cookieName = $"cst_dashboard_{context.Connection.LocalPort}";
        if (request.Query.TryGetValue(QueryName, out var offered))
        {
            if (offered.Count != 1 || !Matches(offered[0]))
            {
                await RefuseAsync(context, "the token in the link is not this dashboard's").ConfigureAwait(false);
                return;
            }

            context.Response.Cookies.Append(cookieName, Encoding.UTF8.GetString(_token), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            var rest = QueryString.Create(request.Query.Where(q => q.Key != QueryName));
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect($"{request.PathBase}{request.Path}{rest}");
            return;
        }

        if (request.Cookies.TryGetValue(cookieName, out var cookie) && Matches(cookie))
        {
            await next().ConfigureAwait(false);
            return;
        }

        await RefuseAsync(context, "open the dashboard with the link cst printed (…/?token=…)").ConfigureAwait(false);
    }

    private bool Matches(string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);

    private static Task RefuseAsync(HttpContext context, string why)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"401 Unauthorized: {why}\n");
    }
}
