using System.Net;
using System.Security.Cryptography;
using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Options;
using DashboardFunction = CryptoSignalTracker.Functions.Dashboard.Function;

namespace CryptoSignalTracker.Dashboard.Tests.Cloud;

/// <summary>
/// Who may see the cloud dashboard: whoever the bot's <c>/dashboard</c> gave a link in the last 15 minutes. The link
/// becomes a session cookie (HttpOnly, Secure, SameSite=Strict, 12 hours) and a redirect to <c>/</c>; everything else
/// is 401 with the reason, except the health route; no token reaches a log line.
/// </summary>
public sealed class CloudDashboardAccessTests
{
    private const long User = 4242;

    [Fact]
    public async Task AValidLink_SetsTheSessionCookie_AndRedirectsToTheRootWithoutIt()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        using var plain = CloudDashboard.Plain();

        using var answer = await plain.GetAsync(cloud.LinkFor(User));

        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location!.OriginalString);
        Assert.Equal("no-store", answer.Headers.CacheControl!.ToString());
        var setCookie = answer.Headers.GetValues("Set-Cookie").Single();
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith(SignedLinkAccess.SessionCookie + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Contains("max-age=43200", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));

        // The cookie is a session token for the same user, not the link.
        var value = setCookie.Split(';')[0].Split('=', 2)[1];
        var session = cloud.Signer().Verify(DashboardAccess.SessionPurpose, value);
        Assert.True(session.IsValid, session.Reason);
        Assert.Equal(User, session.UserId);
        Assert.InRange(session.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
        Assert.False(cloud.Signer().Verify(DashboardAccess.LinkPurpose, value).IsValid);

        using var http = await cloud.SignedInAsync(User);
        foreach (var path in new[] { "/", "/signals", "/app.js", "/api/macro" })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(cloud.Address, path))).StatusCode);
        }
    }

    [Fact]
    public async Task WithoutASession_EveryPathIs401_ButTheHealthRoute()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        using var plain = CloudDashboard.Plain();

        foreach (var path in new[] { "/", "/markets", "/signals", "/api/status", "/api/positions", "/app.js", "/no-such-page", "/auth" })
        {
            using var answer = await plain.GetAsync(new Uri(cloud.Address, path));
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)answer.StatusCode}");
            Assert.False(answer.Headers.Contains("Set-Cookie"), path);
        }

        using var health = await plain.GetAsync(new Uri(cloud.Address, FunctionHost.HealthPath));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // With a session, a path the dashboard does not serve reaches the function: 404, not a page.
        using var http = await cloud.SignedInAsync(User);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(cloud.Address, "/no-such-page"))).StatusCode);
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("wrong key", "bad signature")]
    [InlineData("session token as link", "bad signature")]
    [InlineData("user changed", "bad signature")]
    [InlineData("expiry extended", "bad signature")]
    [InlineData("garbage", "malformed")]
    public async Task ARefusedLink_Is401WithThePlainReason_NoCookie_AndNoTokenInTheLog(string how, string reason)
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        var token = Bad(cloud, how);
        using var plain = CloudDashboard.Plain();

        using var answer = await plain.GetAsync(new Uri(cloud.Address, $"/auth?link={token}"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Equal($"401 Unauthorized: the link is refused ({reason}); ask the bot for a new one with /dashboard\n", body);
        Assert.Contains(cloud.Logged(), l => l.Contains($"a sign-in link was refused ({reason})", StringComparison.Ordinal));
        Assert.DoesNotContain(cloud.Logged(), l => l.Contains(token, StringComparison.Ordinal) || l.Contains(token.Split('.')[^1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoLinkParameters_Are401()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        var token = cloud.Signer().Create(DashboardAccess.LinkPurpose, User, DashboardAccess.LinkLifetime);
        using var plain = CloudDashboard.Plain();

        using var answer = await plain.GetAsync(new Uri(cloud.Address, $"/auth?link={token}&link={token}"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ACookieThatIsNoValidSession_Is401()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        var past = new ShiftedTime(TimeSpan.FromHours(-13));
        var cookies = new Dictionary<string, string>
        {
            ["the link itself"] = cloud.Signer().Create(DashboardAccess.LinkPurpose, User, DashboardAccess.LinkLifetime),
            ["an expired session"] = cloud.Signer(past).Create(DashboardAccess.SessionPurpose, User, TimeSpan.FromHours(12)),
            ["another key's session"] = new SignedToken(RandomNumberGenerator.GetBytes(32)).Create(DashboardAccess.SessionPurpose, User, TimeSpan.FromHours(12)),
            ["garbage"] = new string('x', 43),
        };

        foreach (var (what, value) in cookies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cloud.Address, "/api/status"));
            request.Headers.Add("Cookie", $"{SignedLinkAccess.SessionCookie}={value}");
            using var plain = CloudDashboard.Plain();
            using var answer = await plain.SendAsync(request);
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)answer.StatusCode}");
        }
    }

    [Fact]
    public async Task TheDashboardIsReadOnly_APostIs405()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        using var http = await cloud.SignedInAsync(User);

        using var answer = await http.PostAsync(new Uri(cloud.Address, "/api/status"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.StatusCode);
    }

    [Fact]
    public async Task TheLinkAndTheCookie_NeverReachTheLog()
    {
        await using var cloud = await CloudDashboard.StartAsync("firestore");
        var link = cloud.LinkFor(User);
        var token = link.Query.Split('=', 2)[1];
        using var plain = CloudDashboard.Plain();
        using var answer = await plain.GetAsync(link);
        var cookie = answer.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1];
        using var http = await cloud.SignedInAsync(User);
        await http.GetAsync(new Uri(cloud.Address, "/api/macro"));

        var lines = cloud.Logged();
        Assert.Contains(lines, l => l.Contains($"user {User} signed in", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token.Split('.')[^1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(cookie.Split('.')[^1], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "DASHBOARD_LINK_KEY is not set")]
    [InlineData("bm90IGEga2V5", "DASHBOARD_LINK_KEY holds 9 bytes; at least 32 are needed")]
    [InlineData("%%%", "DASHBOARD_LINK_KEY is not base64")]
    public void WithoutAUsableKey_TheServiceDoesNotStart_AndSaysWhy(string? key, string says)
    {
        string[] args =
        [
            "--CST_BACKEND=google",
            "--GOOGLE_CLOUD_PROJECT=cst-dash-nokey",
            .. key is null ? Array.Empty<string>() : [$"--DASHBOARD_LINK_KEY={key}"],
        ];

        var error = Assert.Throws<OptionsValidationException>(() => FunctionHost.Build(new FunctionHostSettings
        {
            FunctionType = typeof(DashboardFunction),
            Port = 0,
            Address = IPAddress.Loopback,
            JsonLogging = false,
            Args = args,
        }));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key ?? "(none)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASessionLifetimeBeyondAWeek_StopsTheStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FunctionHost.Build(new FunctionHostSettings
        {
            FunctionType = typeof(DashboardFunction),
            Port = 0,
            Address = IPAddress.Loopback,
            JsonLogging = false,
            Args = ["--CST_BACKEND=google", "--GOOGLE_CLOUD_PROJECT=cst-dash-life", $"--DASHBOARD_LINK_KEY={Convert.ToBase64String(new byte[32])}", "--Dashboard:SessionLifetime=8.00:00:00"],
        }));

        Assert.Contains("Dashboard:SessionLifetime is 8.00:00:00; it must be more than 0 and at most 7 days", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A token that must be refused, made the way <paramref name="how"/> says.</summary>
    private static string Bad(CloudDashboard cloud, string how)
    {
        var good = cloud.Signer().Create(DashboardAccess.LinkPurpose, User, DashboardAccess.LinkLifetime);
        var parts = good.Split('.');
        return how switch
        {
            // Signed 16 minutes ago with the right key: its 15 minutes are over.
            "expired" => cloud.Signer(new ShiftedTime(TimeSpan.FromMinutes(-16))).Create(DashboardAccess.LinkPurpose, User, DashboardAccess.LinkLifetime),
            "wrong key" => new SignedToken(RandomNumberGenerator.GetBytes(32)).Create(DashboardAccess.LinkPurpose, User, DashboardAccess.LinkLifetime),
            "session token as link" => cloud.Signer().Create(DashboardAccess.SessionPurpose, User, TimeSpan.FromMinutes(10)),
            "user changed" => $"{User + 1}.{parts[1]}.{parts[2]}",
            "expiry extended" => $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86_400}.{parts[2]}",
            "garbage" => "not-a-token",
            _ => throw new ArgumentException(how),
        };
    }

    /// <summary>The wall clock moved by <paramref name="offset"/> (a signer that lived in the past).</summary>
    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
