using System.Text.RegularExpressions;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.State;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

/// <summary>
/// Issue 17: <c>/dashboard</c> answers an invited user, in a private chat, with a signed link valid 15 minutes; anyone
/// else gets nothing that signs in. The link is checked with the key the dashboard holds.
/// </summary>
public sealed partial class DashboardCommandTests
{
    private const long Member = 7001;
    private const long Stranger = 9001;
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Dashboard_InvitedUserInPrivate_LinkSignsHimInFor15MinutesOnly()
    {
        await using var h = TelegramHarness.Start();
        await h.State.AddChatAsync(new AllowedChat(Member, ChatKind.Private, TelegramHarness.OwnerId, 0), None);
        var handler = Handler(h, "https://dashboard.example.run.app");

        var outcome = await handler.HandleAsync(Updates.Command(Member, "/dashboard"), None);

        Assert.Equal(UpdateOutcome.Handled, outcome);
        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        var link = new Uri(LinkPattern().Match(text).Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Equal("https://dashboard.example.run.app/auth", link.GetLeftPart(UriPartial.Path));
        var token = link.Query[(("?" + DashboardAccess.LinkParameter + "=").Length)..];
        var dashboard = new SignedToken(Key, h.Clock);
        var check = dashboard.Verify(DashboardAccess.LinkPurpose, token);
        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(Member, check.UserId);
        Assert.False(dashboard.Verify(DashboardAccess.SessionPurpose, token).IsValid); // not a session cookie
        Assert.Contains("15 minutes", text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));

        h.Clock.Advance(DashboardAccess.LinkLifetime);
        Assert.Equal("expired", dashboard.Verify(DashboardAccess.LinkPurpose, token).Reason);
    }

    [Fact]
    public async Task Dashboard_InAGroup_NoLinkPostedWhereOthersCanReadIt()
    {
        await using var h = TelegramHarness.Start();
        await h.State.AddChatAsync(new AllowedChat(-100500, ChatKind.Group, TelegramHarness.OwnerId, 0), None);
        var handler = Handler(h, "https://dashboard.example.run.app");

        var outcome = await handler.HandleAsync(Updates.Command(TelegramHarness.OwnerId, "/dashboard", -100500), None);

        Assert.Equal(UpdateOutcome.Handled, outcome);
        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("private chat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_FromAStranger_OnlyTheAskTheOwnerReply()
    {
        await using var h = TelegramHarness.Start();
        var handler = Handler(h, "https://dashboard.example.run.app");

        var outcome = await handler.HandleAsync(Updates.Command(Stranger, "/dashboard"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("Ask the owner for an invite", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_NotConfigured_SaysWhatIsMissing()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(TelegramHarness.OwnerId, "/dashboard"), None);

        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("not set up", text, StringComparison.Ordinal);
        Assert.Contains("DashboardUrl", text, StringComparison.Ordinal);
        Assert.Contains(DashboardAccess.KeyVariable, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://dashboard.example.com", null, "must be https")]
    [InlineData("dashboard", null, "not an absolute URL")]
    [InlineData("https://dashboard.example.com", "", "DASHBOARD_LINK_KEY is not set")]
    [InlineData("https://dashboard.example.com", "not base64!", "DASHBOARD_LINK_KEY is not base64")]
    [InlineData("https://dashboard.example.com", "c2hvcnQ=", "DASHBOARD_LINK_KEY holds 5 bytes")]
    public void Create_BadSetting_NamesItNeverTheKey(string url, string? key, string expected)
    {
        key ??= Convert.ToBase64String(Key);

        var error = Assert.Throws<ArgumentException>(() => DashboardLinks.Create(url, key, TimeProvider.System));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (key.Length > 8)
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_NoUrl_NoLinks()
    {
        Assert.Null(DashboardLinks.Create(null, null, TimeProvider.System));
        Assert.NotNull(DashboardLinks.Create("http://127.0.0.1:8080", Convert.ToBase64String(Key), TimeProvider.System));
    }

    private static BotCommandHandler Handler(TelegramHarness h, string url) => new(
        h.Gateway, h.State, h.Positions, h.Bias, h.Candles, h.Status, h.Formatter, new CandleChartRenderer(), new EquityChartRenderer(),
        h.BotOptions, h.Clock, h.Logs.For<BotCommandHandler>(), h.Updates, new DashboardLinks(new Uri(url), new SignedToken(Key, h.Clock)));

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
