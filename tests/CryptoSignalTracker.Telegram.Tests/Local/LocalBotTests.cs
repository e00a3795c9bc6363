using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests.Local;

/// <summary>
/// <see cref="LocalBot"/> as <c>cst run</c> uses it: the in-process bus, SQLite stores, and either the console (no
/// token) or the fake Bot API (token + owner).
/// </summary>
public sealed class LocalBotTests : IAsyncDisposable
{
    private const string TokenSecret = "AAE-test_SECRET_token_value_0123456789";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TelegramHarness _h = TelegramHarness.Start();
    private readonly InProcessMessageBus _bus;
    private readonly StringWriter _console = new(CultureInfo.InvariantCulture);
    private readonly UpdateQueue _updates = new();

    public LocalBotTests()
    {
        _bus = new InProcessMessageBus(null, _h.Clock, _h.Logs.For<InProcessMessageBus>());
        _h.Api.Responder = _updates.Respond;
    }

    private LocalBotPorts Ports => new()
    {
        Bus = _bus,
        State = _h.State.Store,
        Alerts = _h.AlertLog,
        Candles = _h.Candles,
        Positions = _h.Positions,
        Bias = _h.Bias,
        Status = _h.Status,
        Updates = _h.Updates,
    };

    private LocalBotSettings TelegramMode => new()
    {
        Telegram = new TelegramSettings { Token = TelegramHarness.Token, OwnerUserIds = [TelegramHarness.OwnerId], ApiBaseUrl = _h.Api.BaseUrl },
        Polling = new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(1) },
    };

    [Fact]
    public async Task StartAsync_NoToken_PrintsEntryAndExitAsPlainTextAndCallsNoTelegram()
    {
        var signal = Samples.BtcLong(reason: "RSI(14) 23.8 < 25 & volume 2.10× average");
        var bias = new MacroBias("BTCUSDT", Direction.Long, 85, Samples.CandleMs - 60_000, Samples.CandleMs + 3_600_000);
        await using var bot = await StartAsync(LocalBotSettings.FromEnvironment(_ => null));

        await PublishAsync(TradeSignalMessageCodec.EncodeEntry(signal, bias));
        await PublishAsync(TradeSignalMessageCodec.EncodeExit(Samples.TakeProfitExit(signal)));
        await Eventually.TrueAsync(() => Printed("EXIT") == 1, "the exit printed");

        var text = _console.ToString();
        Assert.Equal(LocalBotMode.Console, bot.Mode);
        Assert.Contains("📈 LONG SIGNAL for BTCUSDT · MICRO", text);
        Assert.Contains("Entry: 105164.2\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("Take profit: 106741.7 (+1.50%)", text);
        Assert.Contains("Macro bias: LONG 85/100", text);
        Assert.Contains("Trigger: RSI(14) 23.8 < 25 & volume 2.10× average", text);
        Assert.Contains("✅ EXIT LONG BTCUSDT", text);
        Assert.Contains("Exit: 106741.7 · take-profit hit", text);
        Assert.True(text.IndexOf("LONG SIGNAL", StringComparison.Ordinal) < text.IndexOf("EXIT LONG", StringComparison.Ordinal));
        foreach (var markup in new[] { "<b>", "</b>", "<code>", "<i>", "&lt;", "&gt;", "&amp;" })
        {
            Assert.DoesNotContain(markup, text, StringComparison.Ordinal);
        }

        Assert.Empty(_h.Api.Requests);
        Assert.True(bot.Polling.IsCompleted);
        Assert.Null(bot.PollingService);
    }

    [Fact]
    public async Task StartAsync_NoToken_TinyPricedShortAndStopLossExitPrinted()
    {
        var signal = Samples.PepeShort();
        await using var bot = await StartAsync(LocalBotSettings.FromEnvironment(_ => null));

        await PublishAsync(TradeSignalMessageCodec.EncodeEntry(signal, null));
        await PublishAsync(TradeSignalMessageCodec.EncodeExit(Samples.StopLossExit(signal)));
        await Eventually.TrueAsync(() => Printed("EXIT") == 1, "the exit printed");

        var text = _console.ToString();
        Assert.Contains("📉 SHORT SIGNAL for PEPEUSDT · SWING", text);
        Assert.Matches(@"Entry: 0\.0000123\d*\n", text.ReplaceLineEndings("\n")); // the topic carries prices rounded to 8 decimals
        Assert.Contains("❌ EXIT SHORT PEPEUSDT", text);
        Assert.Contains("stop-loss hit", text);
    }

    [Fact]
    public async Task StartAsync_NoToken_AlertsHandledInParallelNeverInterleave()
    {
        const int count = 24;
        await using var bot = await StartAsync(LocalBotSettings.FromEnvironment(_ => null));

        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
        {
            var symbol = $"C{i:D2}USDT";
            var payload = TradeSignalMessageCodec.EncodeEntry(Samples.BtcLong(symbol: symbol), null);
            return _bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(payload, orderingKey: symbol), None);
        }));
        await Eventually.TrueAsync(() => Printed("ENTRY") == count, "every alert printed");

        var blocks = _console.ToString().ReplaceLineEndings("\n").Split(ConsoleAlertChannel.Separator + "\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, blocks.Length);
        foreach (var block in blocks)
        {
            var lines = block.TrimEnd('\n').Split('\n');
            Assert.StartsWith("📈 LONG SIGNAL for C", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("🕒 Candle ", lines[^1], StringComparison.Ordinal);
            Assert.Single(lines, l => l.Contains("SIGNAL", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task StartAsync_NoToken_MalformedMessageDeadLetteredAndTheNextStillPrinted()
    {
        var deadLetters = new ConcurrentQueue<ReceivedBusMessage>();
        await using var bot = await StartAsync(LocalBotSettings.FromEnvironment(_ => null));
        await _bus.EnsureSubscriptionAsync(
            new BusSubscription { Name = "dl-hold", Topic = LocalBotSettings.DeadLetterTopic, DeadLetterTopic = "dl-hold-dead-letter" }, None);
        await using var hold = await _bus.SubscribeAsync("dl-hold", (m, _) =>
        {
            deadLetters.Enqueue(m);
            return Task.CompletedTask;
        }, None);

        await PublishAsync(Encoding.UTF8.GetBytes("""{"v":1,"type":"ENTRY","bias":null}"""));
        await PublishAsync(TradeSignalMessageCodec.EncodeEntry(Samples.BtcLong(), null));
        await Eventually.TrueAsync(() => Printed("ENTRY") == 1 && deadLetters.Count == 1, "one alert printed and one message dead-lettered");

        Assert.Contains("'signal'", deadLetters.Single().Attributes[DeadLetterAttributes.Reason], StringComparison.Ordinal);
        Assert.Contains("LONG SIGNAL", _console.ToString());
    }

    [Fact]
    public async Task StartAsync_TokenAndOwner_AlertsTheOwnerEditsOnExitAndAnswersCommandsByPolling()
    {
        var signal = Samples.BtcLong();
        _updates.AddCommand(TelegramHarness.OwnerId, "/status");
        await using var bot = await StartAsync(TelegramMode);

        await PublishAsync(TradeSignalMessageCodec.EncodeEntry(signal, null));
        await Eventually.TrueAsync(() => SentTo(TelegramHarness.OwnerId).Any(t => t.Contains("LONG SIGNAL", StringComparison.Ordinal)), "the alert sent to the owner");
        await PublishAsync(TradeSignalMessageCodec.EncodeExit(Samples.TakeProfitExit(signal)));
        await Eventually.TrueAsync(() => _h.Api.Calls("editMessageText").Count == 1, "the alert edited");
        await Eventually.TrueAsync(() => SentTo(TelegramHarness.OwnerId).Any(t => t.Contains("Pipeline status", StringComparison.Ordinal)), "the /status answer");

        Assert.Equal(LocalBotMode.Telegram, bot.Mode);
        var alert = _h.Api.Calls("sendMessage").Single(r => r.Field("text")!.Contains("LONG SIGNAL", StringComparison.Ordinal));
        Assert.Equal("html", alert.Field("parse_mode"), ignoreCase: true);
        Assert.Equal(SignalKeysCallback(signal), alert.FirstButtonCallbackData());
        var delivery = Assert.Single(await _h.AlertLog.ListAsync(signal.Id, None));
        var edit = _h.Api.Calls("editMessageText").Single();
        Assert.Equal(delivery.MessageId.ToString(CultureInfo.InvariantCulture), edit.Field("message_id"));
        Assert.Contains("✅ <b>EXIT LONG</b>", edit.Field("text"));
        Assert.Single(_h.Api.Calls("deleteWebhook"));
        Assert.Empty(_console.ToString());

        await bot.DisposeAsync();
        Assert.True(bot.Polling.IsCompletedSuccessfully);
        AssertNoSecret(_h.Logs.Lines);
    }

    [Fact]
    public async Task StartAsync_TokenAndOwner_SameEntryTwiceAlertsOnce()
    {
        var payload = TradeSignalMessageCodec.EncodeEntry(Samples.BtcLong(), null);
        await using var bot = await StartAsync(TelegramMode);

        await PublishAsync(payload);
        await PublishAsync(payload);
        await Eventually.TrueAsync(() => _h.Logs.Lines.Count(l => l.Contains($"Alert {Samples.BtcLong().Id} BTCUSDT:", StringComparison.Ordinal)) == 2, "both deliveries handled");

        Assert.Single(SentTo(TelegramHarness.OwnerId), t => t.Contains("LONG SIGNAL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_TelegramDown_AlertRedeliveredBySubscriptionUntilSent()
    {
        var failures = 0;
        _h.Api.Responder = r =>
        {
            if (r.Method == "sendMessage" && Interlocked.Increment(ref failures) <= 5)
            {
                return FakeReply.Error(502, "Bad Gateway");
            }

            return _updates.Respond(r);
        };
        var settings = new LocalBotSettings
        {
            Telegram = new TelegramSettings { Token = TelegramHarness.Token, OwnerUserIds = [TelegramHarness.OwnerId], ApiBaseUrl = _h.Api.BaseUrl },
            Polling = new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(1) },
            SendQueue = new Sending.SendQueueOptions { MaxTransientRetries = 1 },
        };
        await using var bot = await StartAsync(settings);

        await PublishAsync(TradeSignalMessageCodec.EncodeEntry(Samples.BtcLong(), null));
        await Eventually.TrueAsync(() => SentTo(TelegramHarness.OwnerId).Count == 6, "the alert after the outage");

        // The fake API counts the 6th sendMessage when the request arrives; the bot records the delivery only after the
        // answer came back. Reading the alert log at once raced that write (it lost every time on an idle machine, where
        // this thread polls before the bot's continuation runs): wait for the record itself.
        await Eventually.TrueAsync(async () => (await _h.AlertLog.ListAsync(Samples.BtcLong().Id, None)).Count > 0, "the delivery record");
        Assert.Single(await _h.AlertLog.ListAsync(Samples.BtcLong().Id, None));
        Assert.Equal(6, SentTo(TelegramHarness.OwnerId).Count);
        Assert.Contains(_h.Logs.Lines, l => l.Contains("redelivering", StringComparison.Ordinal));
        AssertNoSecret(_h.Logs.Lines);
    }

    [Fact]
    public async Task StartAsync_TokenOfTheWrongShape_ThrowsWithoutShowingIt()
    {
        const string bad = "not-a-token-but-a-secret-value";
        var settings = new LocalBotSettings { Telegram = new TelegramSettings { Token = bad, OwnerUserIds = [42] } };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(settings));

        Assert.DoesNotContain(bad, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_NothingSet_PrintsToTheConsole()
    {
        var settings = LocalBotSettings.FromEnvironment(_ => null);

        Assert.Equal(LocalBotMode.Console, settings.Mode);
        Assert.Equal(LocalBotSettings.DefaultSubscriptionName, settings.Subscription.Name);
        Assert.Equal(TradeSignalMessageCodec.Topic, settings.Subscription.Topic);
    }

    [Fact]
    public void FromEnvironment_TokenOwnersChatsUrl_ReadWithTheFunctionsNames()
    {
        var env = new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = " " + TelegramHarness.Token + " ",
            ["TELEGRAM_OWNER_CHAT_IDS"] = "42, 43",
            ["Telegram__Notifier__AlertChatIds"] = "-1001234567890",
            ["Telegram__Bot__BotUsername"] = "@CstBot",
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:8081",
        };

        var settings = LocalBotSettings.FromEnvironment(k => env.GetValueOrDefault(k));

        Assert.Equal(LocalBotMode.Telegram, settings.Mode);
        Assert.Equal(TelegramHarness.Token, settings.Telegram.Token);
        Assert.Equal([42L, 43L], settings.Telegram.OwnerUserIds);
        Assert.Equal([-1001234567890L], settings.Telegram.AlertChatIds);
        Assert.Equal("CstBot", settings.BotUsername);
        Assert.Equal(new Uri("http://127.0.0.1:8081"), settings.Telegram.ApiBaseUrl);
    }

    [Fact]
    public void FromEnvironment_OwnersWithoutToken_StillConsole()
    {
        var settings = LocalBotSettings.FromEnvironment(k => k == "TELEGRAM_OWNER_CHAT_IDS" ? "42" : null);

        Assert.Equal(LocalBotMode.Console, settings.Mode);
    }

    [Fact]
    public void FromEnvironment_TokenWithoutOwner_NamesTheMissingVariableNotTheToken()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            LocalBotSettings.FromEnvironment(k => k == "TELEGRAM_BOT_TOKEN" ? TelegramHarness.Token : null));

        Assert.Contains("TELEGRAM_OWNER_CHAT_IDS", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSecret, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TELEGRAM_OWNER_CHAT_IDS", "42,abc")]
    [InlineData("TELEGRAM_OWNER_CHAT_IDS", "-5")]
    [InlineData("Telegram__Notifier__AlertChatIds", "x")]
    [InlineData("Telegram__Notifier__AlertChatIds", "0")]
    [InlineData("Telegram__ApiBaseUrl", "not a url")]
    [InlineData("Telegram__ApiBaseUrl", "ftp://example.org")]
    public void FromEnvironment_MalformedValue_NamesTheVariable(string variable, string value)
    {
        var env = new Dictionary<string, string> { ["TELEGRAM_BOT_TOKEN"] = TelegramHarness.Token, ["TELEGRAM_OWNER_CHAT_IDS"] = "42", [variable] = value };

        var e = Assert.Throws<InvalidOperationException>(() => LocalBotSettings.FromEnvironment(k => env.GetValueOrDefault(k)));

        Assert.Contains(variable, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSecret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MalformedPayload_UnprocessableNamingTheField()
    {
        var message = new ReceivedBusMessage("7", Encoding.UTF8.GetBytes("""{"v":1,"type":"EXIT"}"""), new Dictionary<string, string>(), string.Empty, DateTimeOffset.UnixEpoch, 1);

        var e = Assert.Throws<UnprocessableMessageException>(() => LocalBot.Decode(message));

        Assert.Contains("'trade'", e.Message, StringComparison.Ordinal);
        Assert.Contains("message 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainAlertText_TelegramHtml_TagsRemovedAndEntitiesDecoded()
    {
        var plain = PlainAlertText.FromTelegramHtml("<b>A</b> &lt;b&gt; &amp;amp; &#39;x&#x27; &quot;q&quot; <a href=\"https://t.me\">link</a>");

        Assert.Equal("A <b> &amp; 'x' \"q\" link", plain);
        Assert.Equal(string.Empty, PlainAlertText.FromTelegramHtml(null));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _h.DisposeAsync();
        await _console.DisposeAsync();
    }

    private static string SignalKeysCallback(Signal signal) => Formatting.SignalKeys.ChartCallback(signal.Id);

    private static void AssertNoSecret(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Assert.DoesNotContain(TokenSecret, line, StringComparison.Ordinal);
        }
    }

    private Task<LocalBot> StartAsync(LocalBotSettings settings) =>
        LocalBot.StartAsync(settings, Ports, _console, _h.Logs, _h.Clock, None);

    private Task PublishAsync(byte[] payload) =>
        _bus.PublishAsync(TradeSignalMessageCodec.Topic, new BusMessage(payload, orderingKey: "BTCUSDT"), None);

    private int Printed(string type) =>
        _h.Logs.Lines.Count(l => l.Contains($"({type}) printed to the console", StringComparison.Ordinal));

    private IReadOnlyList<string> SentTo(long chatId) =>
        [.. _h.Api.Calls("sendMessage").Where(r => r.ChatId == chatId).Select(r => r.Field("text") ?? string.Empty)];
}
