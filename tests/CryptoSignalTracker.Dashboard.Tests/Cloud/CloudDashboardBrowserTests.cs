using System.Globalization;
using CryptoSignalTracker.Core.Security;
using Microsoft.Playwright;

namespace CryptoSignalTracker.Dashboard.Tests.Cloud;

/// <summary>
/// The cloud Dashboard service in a real browser (Playwright driving Debian's Chromium) over the emulators: the bot's
/// link signs in and leaves the address bar, every page loads without console errors and shows the stores' numbers,
/// the cookie is HttpOnly, Secure and SameSite=Strict; an expired link and a wrong token are refused.
/// </summary>
public sealed class CloudDashboardBrowserTests
{
    private static readonly string[] Pages = ["/", "/markets", "/positions", "/signals", "/equity"];

    [Fact]
    public async Task TheBotsLink_SignsIn_AndEveryPageLoadsWithoutConsoleErrors()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        var filled = await CloudData.FillAsync(cloud.Stores, DateTimeOffset.UtcNow);
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(375, 812, errors);

        var answer = await page.GotoAsync(cloud.LinkFor(4242).ToString());

        Assert.Equal(200, answer!.Status);
        Assert.Equal(cloud.Address.ToString(), page.Url); // the link left the address bar
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.Equal(SignedLinkAccess.SessionCookie, cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        // Max-Age=43200 (asserted exactly over HTTP); the browser turns it into an expiry by its own clock (seen 1 min off under load).
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires) - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.75), TimeSpan.FromHours(12.25));
        Assert.True(cloud.Signer().Verify(DashboardAccess.SessionPurpose, cookie.Value).IsValid);
        Assert.False(await page.EvaluateAsync<bool>("() => document.cookie.includes('cst_dashboard')")); // HttpOnly: not readable by scripts

        await page.WaitForSelectorAsync("[data-testid=equity]");
        Assert.Equal((10_000 + filled.Closed.Pnl).ToString("F2", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=equity]"));
        Assert.Equal("2", await page.InnerTextAsync("[data-testid=signal-count]"));
        Assert.Equal("1", await page.InnerTextAsync("[data-testid=open-positions]"));
        Assert.Equal("1", await page.InnerTextAsync("[data-testid=closed-trades]"));
        foreach (var path in Pages.Skip(1))
        {
            await page.ClickAsync($"nav a[href='{path}']");
            await page.WaitForURLAsync(new Uri(cloud.Address, path).ToString());
            await page.WaitForSelectorAsync("#updated:not(:empty)");
            await page.WaitForFunctionAsync("() => document.querySelector('main').children.length > 0");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} at 375 px scrolls sideways by {overflow} px");
        }

        await page.GotoAsync(new Uri(cloud.Address, "/signals").ToString());
        await page.WaitForSelectorAsync($"tr[data-signal-id='{filled.Closed.SignalId}']");
        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task AnExpiredLink_IsRefused_AndNoCookieIsSet()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.PageAsync(375, 812, []);
        var sixteenMinutesAgo = cloud.Signer(new PastTime(TimeSpan.FromMinutes(16)));

        var answer = await page.GotoAsync(cloud.LinkFor(4242, sixteenMinutesAgo).ToString());

        Assert.Equal(401, answer!.Status);
        Assert.Contains("the link is refused (expired)", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Equal(401, (await page.GotoAsync(cloud.Address.ToString()))!.Status);
    }

    [Fact]
    public async Task AWrongToken_IsRefused_AndNothingIsShown()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.PageAsync(1280, 900, []);
        var otherKey = new SignedToken(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var forged = await page.GotoAsync(cloud.LinkFor(4242, otherKey).ToString());
        Assert.Equal(401, forged!.Status);
        Assert.Contains("the link is refused (bad signature)", await page.ContentAsync(), StringComparison.Ordinal);
        var garbage = await page.GotoAsync(new Uri(cloud.Address, "/auth?link=" + new string('A', 43)).ToString());
        Assert.Equal(401, garbage!.Status);
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Equal(401, (await page.GotoAsync(new Uri(cloud.Address, "/signals").ToString()))!.Status);
    }

    private sealed class PastTime(TimeSpan ago) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() - ago;
    }
}
