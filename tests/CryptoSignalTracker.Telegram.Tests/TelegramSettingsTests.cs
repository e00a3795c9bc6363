namespace CryptoSignalTracker.Telegram.Tests;

/// <summary>
/// The one Telegram settings reading the Notifier, the TelegramWebhook and <c>cst run</c> share: the same keys (as
/// configuration keys or environment variables), the same id-list and base-URL rules, errors naming the key as read.
/// </summary>
public sealed class TelegramSettingsTests
{
    private const string Token = "123456789:AAFakeTokenForSettingsTests_abcdefghij";

    [Fact]
    public void Read_ConfigurationKeys_ReadsEveryValueTrimmed()
    {
        var values = new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = " " + Token + " ",
            ["TELEGRAM_WEBHOOK_SECRET"] = "s3cret_Webhook-Token",
            ["TELEGRAM_OWNER_CHAT_IDS"] = "42, 43",
            ["Telegram:Notifier:AlertChatIds"] = "-1001234567890,42",
            ["Telegram:ApiBaseUrl"] = " http://127.0.0.1:8081 ",
        };

        var settings = TelegramSettings.Read(values.GetValueOrDefault);

        Assert.Equal(Token, settings.RequireToken());
        Assert.Equal("s3cret_Webhook-Token", settings.RequireWebhookSecret());
        Assert.Equal([42L, 43L], settings.OwnerUserIds);
        Assert.Equal([-1001234567890L, 42L], settings.AlertChatIds);
        Assert.Equal([42L, 43L, -1001234567890L], settings.AlertRecipients);
        Assert.Equal(new Uri("http://127.0.0.1:8081"), settings.ApiBaseUrl);
    }

    [Fact]
    public void FromEnvironment_ColonKeysAsDoubleUnderscore_SameValuesAsConfiguration()
    {
        var env = new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = Token,
            ["Telegram__Notifier__AlertChatIds"] = "-100",
            ["Telegram__ApiBaseUrl"] = "https://bot.example.org",
        };

        var settings = TelegramSettings.FromEnvironment(env.GetValueOrDefault);

        Assert.Equal([-100L], settings.AlertChatIds);
        Assert.Equal(new Uri("https://bot.example.org"), settings.ApiBaseUrl);
    }

    [Fact]
    public void Read_NothingSet_NoTokenNoIdsAndRequireNamesTheKey()
    {
        var settings = TelegramSettings.Read(_ => null);

        Assert.Null(settings.Token);
        Assert.Empty(settings.AlertRecipients);
        Assert.Equal("TELEGRAM_BOT_TOKEN is not set", Assert.Throws<InvalidOperationException>(settings.RequireToken).Message);
        Assert.Equal("TELEGRAM_WEBHOOK_SECRET is not set", Assert.Throws<InvalidOperationException>(settings.RequireWebhookSecret).Message);
    }

    [Theory]
    [InlineData("Telegram:ApiBaseUrl", "ftp://example.org", "Telegram:ApiBaseUrl 'ftp://example.org' is not an absolute http(s) URL")]
    [InlineData("Telegram:ApiBaseUrl", "not a url", "Telegram:ApiBaseUrl 'not a url' is not an absolute http(s) URL")]
    [InlineData("Telegram:Notifier:AlertChatIds", "111,abc", "Telegram:Notifier:AlertChatIds: 'abc' is not a chat id")]
    [InlineData("Telegram:Notifier:AlertChatIds", "0", "Telegram:Notifier:AlertChatIds: '0' is not a chat id (Telegram chats are never 0)")]
    [InlineData("TELEGRAM_OWNER_CHAT_IDS", "42,-5", "TELEGRAM_OWNER_CHAT_IDS: '-5' is not a user id")]
    [InlineData("TELEGRAM_WEBHOOK_SECRET", "has space", "TELEGRAM_WEBHOOK_SECRET: the webhook secret may only contain")]
    public void Read_MalformedValue_ThrowsNamingTheKey(string key, string value, string expected)
    {
        var values = new Dictionary<string, string> { ["TELEGRAM_BOT_TOKEN"] = Token, [key] = value };

        var e = Assert.Throws<InvalidOperationException>(() => TelegramSettings.Read(values.GetValueOrDefault));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_MalformedValue_NamesTheVariableAsRead()
    {
        var env = new Dictionary<string, string> { ["Telegram__Notifier__AlertChatIds"] = "x" };

        var e = Assert.Throws<InvalidOperationException>(() => TelegramSettings.FromEnvironment(env.GetValueOrDefault));

        Assert.StartsWith("Telegram__Notifier__AlertChatIds: 'x' is not a chat id", e.Message, StringComparison.Ordinal);
    }
}
