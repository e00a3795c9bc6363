using System.Net;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using NotifierFunction = CryptoSignalTracker.Functions.Notifier.Function;
using WebhookFunction = CryptoSignalTracker.Functions.TelegramWebhook.Function;

namespace CryptoSignalTracker.Functions.Tests;

public sealed class SettingsHealthTests
{
    private const string Secret = "s3cret_Webhook-Token";

    [Fact]
    public async Task Health_NotifierWithSettings_Answers200()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction));

        using var response = await rig.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("--TELEGRAM_BOT_TOKEN=", "TELEGRAM_BOT_TOKEN is not set")]
    [InlineData("--TELEGRAM_BOT_TOKEN=not-a-token", "bot token must look like")]
    [InlineData("--Telegram:Notifier:AlertChatIds=111,abc", "'abc' is not a chat id")]
    public async Task Health_NotifierWithBadSettings_Answers503NamingTheSetting(string setting, string expected)
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), setting);

        using var response = await rig.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-token", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WebhookWithSettings_Answers200()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(WebhookFunction), $"--TELEGRAM_WEBHOOK_SECRET={Secret}", "--TELEGRAM_OWNER_CHAT_IDS=1");

        using var response = await rig.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("--TELEGRAM_OWNER_CHAT_IDS=1", "TELEGRAM_WEBHOOK_SECRET is not set")]
    [InlineData("--TELEGRAM_WEBHOOK_SECRET=has space,--TELEGRAM_OWNER_CHAT_IDS=1", "may only contain")]
    [InlineData("--TELEGRAM_WEBHOOK_SECRET=" + Secret + ",--TELEGRAM_OWNER_CHAT_IDS=me", "'me' is not a user id")]
    [InlineData("--TELEGRAM_WEBHOOK_SECRET=" + Secret + ",--TELEGRAM_OWNER_CHAT_IDS=1,--SYMBOLS=BTC-USDT", "'BTC-USDT' is not a symbol")]
    public async Task Health_WebhookWithBadSettings_Answers503NamingTheSetting(string settings, string expected)
    {
        await using var rig = await FunctionRig.StartAsync(typeof(WebhookFunction), settings.Split(','));

        using var response = await rig.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.DoesNotContain("has space", body, StringComparison.Ordinal);
    }
}
