using CryptoSignalTracker.Telegram.Gemini;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

/// <summary>The bot token and the Gemini key never reach logs or exception messages, whatever fails.</summary>
public class SecretLeakTests
{
    private const string TokenSecret = "AAE-test_SECRET_token_value_0123456789";
    private static CancellationToken None => CancellationToken.None;

    [Theory]
    [InlineData(500)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(429)]
    public async Task FailingTelegram_LogsAndExceptions_NeverContainTheToken(int status)
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        // Telegram echoes nothing secret, but a hostile or buggy proxy might: make the error text contain the token.
        h.Api.Responder = r => FakeReply.Error(status, $"Error {status} for /bot{r.Token}/{r.Method}", retryAfter: status == 429 ? 3600 : null);
        var messages = new List<string>();

        messages.Add(await Capture(() => h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None)));
        messages.Add(await Capture(() => h.Commands.HandleAsync(Updates.Command(TelegramHarness.OwnerId, "/help"), None)));

        AssertNoSecret(h.Logs.Lines.Concat(messages), TelegramHarness.Token, TokenSecret);
    }

    [Fact]
    public async Task TelegramUnreachable_LogsAndExceptions_NeverContainTheToken()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        await h.Api.DisposeAsync(); // connection refused from now on

        var message = await Capture(() => h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None));

        Assert.Contains("unavailable", message, StringComparison.OrdinalIgnoreCase);
        AssertNoSecret(h.Logs.Lines.Append(message), TelegramHarness.Token, TokenSecret);
    }

    [Fact]
    public void TokenOfTheWrongShape_ErrorDoesNotRepeatIt()
    {
        const string bad = "not-a-token-but-a-secret-value";

        var e = Assert.Throws<ArgumentException>(() => TelegramClientFactory.Create(bad, null, new SendQueueOptions()));

        Assert.DoesNotContain(bad, e.Message);
    }

    [Fact]
    public async Task FailingGemini_LogsNeverContainTheKey()
    {
        const string key = "AIzaSy-test-gemini-KEY-0123456789";
        await using var server = new FakeGemini { Reply = (_, _) => (403, "{\"error\":{\"code\":403,\"message\":\"API key " + key + " not valid\",\"status\":\"PERMISSION_DENIED\"}}") };
        var logs = new LogSink();
        using var http = new HttpClient();
        var note = new GeminiMarketNote(http, new GeminiOptions { ApiKey = key, BaseUrl = server.BaseUrl }, TimeProvider.System, logs.For<GeminiMarketNote>());

        var text = await note.GenerateAsync("Summarise BTC", None);

        Assert.Null(text);
        Assert.Equal(key, server.Requests.Single().ApiKey);
        AssertNoSecret(logs.Lines, key);
        Assert.Contains(logs.Lines, l => l.Contains("HTTP 403", StringComparison.Ordinal));
    }

    private static async Task<string> Capture(Func<Task> work)
    {
        try
        {
            await work();
            return string.Empty;
        }
        catch (Exception e) when (e is RetryableNotificationException or Core.Ports.UnprocessableMessageException)
        {
            return e.ToString();
        }
    }

    private static void AssertNoSecret(IEnumerable<string> texts, params string[] secrets)
    {
        var all = texts.ToList();
        Assert.NotEmpty(all);
        foreach (var text in all)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
