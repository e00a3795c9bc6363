using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// The one "credential in a link → session cookie" flow of both dashboards (<see cref="LocalTokenAccess"/> for `cst`,
/// <see cref="SignedLinkAccess"/> for the cloud service): a sign-in request with a valid credential gets an HttpOnly,
/// SameSite=Strict cookie and a redirect to an address without the credential (no secret stays in the address bar, the
/// history or a Referer); a refused credential gets 401 with the plain reason and no cookie; any other request needs
/// the cookie, else 401. Nothing here logs a request, a credential or a cookie.
/// </summary>
internal abstract class SessionCookieAccess
{
    /// <summary>The middleware: lets the request through, or answers it (the redirect that sets the cookie, or 401).</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (IsOpen(request))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var cookieName = CookieName(context);
        if (SignIn(request) is { } signIn)
        {
            if (signIn.Refusal is { } why)
            {
                await RefuseAsync(context, why).ConfigureAwait(false);
                return;
            }

            context.Response.Cookies.Append(cookieName, signIn.Cookie!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = SecureCookie(request),
                Path = "/",
                IsEssential = true,
                MaxAge = signIn.Lifetime,
            });
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(signIn.Redirect!);
            return;
        }

        if (request.Cookies.TryGetValue(cookieName, out var cookie) && IsSession(cookie))
        {
            await next().ConfigureAwait(false);
            return;
        }

        await RefuseAsync(context, NoSessionHint).ConfigureAwait(false);
    }

    /// <summary>What a 401 without a session says: how to get in.</summary>
    protected abstract string NoSessionHint { get; }

    /// <summary>The session cookie's name for this request.</summary>
    protected abstract string CookieName(HttpContext context);

    /// <summary>Null when <paramref name="request"/> is no sign-in; else the cookie to set and where to go, or why the credential is refused.</summary>
    protected abstract SignInOutcome? SignIn(HttpRequest request);

    /// <summary>True when <paramref name="cookie"/> is a valid session.</summary>
    protected abstract bool IsSession(string? cookie);

    /// <summary>True when the session cookie is marked Secure (sent over https only).</summary>
    protected abstract bool SecureCookie(HttpRequest request);

    /// <summary>True for a path anyone may ask (e.g. the host's health route); none by default.</summary>
    protected virtual bool IsOpen(HttpRequest request) => false;

    private static Task RefuseAsync(HttpContext context, string why)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"401 Unauthorized: {why}\n");
    }
}

/// <summary>What a sign-in request comes to: a cookie (value, lifetime or null for the browser session) and a redirect, or a refusal.</summary>
internal sealed record SignInOutcome(string? Cookie, TimeSpan? Lifetime, string? Redirect, string? Refusal)
{
    public static SignInOutcome Accepted(string cookie, TimeSpan? lifetime, string redirect) => new(cookie, lifetime, redirect, null);

    public static SignInOutcome Refused(string why) => new(null, null, null, why);
}
