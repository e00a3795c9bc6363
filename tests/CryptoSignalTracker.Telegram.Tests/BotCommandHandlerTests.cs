using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.State;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

public class BotCommandHandlerTests
{
    private const long Owner = TelegramHarness.OwnerId;
    private const long Stranger = 9001;
    private static CancellationToken None => CancellationToken.None;

    [Theory]
    [InlineData("/status")]
    [InlineData("/start")]
    [InlineData("/positions")]
    [InlineData("/chart BTC")]
    [InlineData("/invite")]
    public async Task AnyCommand_FromAStranger_GetsOnlyTheAskTheOwnerReply(string text)
    {
        await using var h = TelegramHarness.Start();

        var outcome = await h.Commands.HandleAsync(Updates.Command(Stranger, text), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        var reply = Assert.Single(h.Api.Requests);
        Assert.Equal("sendMessage", reply.Method);
        Assert.Contains("Ask the owner for an invite", reply.Field("text"));
        Assert.Null(await h.State.GetChatAsync(Stranger, None));
    }

    [Fact]
    public async Task Invite_ThenVerify_AddsTheUserAndTheCodeWorksOnlyOnce()
    {
        await using var h = TelegramHarness.Start();

        Assert.Equal(UpdateOutcome.Handled, await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None));
        var code = InviteCodeIn(h.Api.Calls("sendMessage").Single().Field("text")!);
        var first = await h.Commands.HandleAsync(Updates.Command(Stranger, $"/verify {code}"), None);
        var second = await h.Commands.HandleAsync(Updates.Command(Stranger + 1, $"/verify {code}"), None);

        Assert.Equal(UpdateOutcome.Handled, first);
        Assert.Equal(UpdateOutcome.Unauthorized, second);
        Assert.Equal(ChatKind.Private, (await h.State.GetChatAsync(Stranger, None))!.Kind);
        Assert.Null(await h.State.GetChatAsync(Stranger + 1, None));
        Assert.Equal(UpdateOutcome.Handled, await h.Commands.HandleAsync(Updates.Command(Stranger, "/status"), None));
    }

    [Fact]
    public async Task Verify_ParallelWithOneCode_ExactlyOneUserGetsIn()
    {
        await using var h = TelegramHarness.Start();
        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None);
        var code = InviteCodeIn(h.Api.Calls("sendMessage").Single().Field("text")!);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => h.Commands.HandleAsync(Updates.Command(5000 + i, $"/verify {code}"), None)));

        Assert.Equal(1, outcomes.Count(o => o == UpdateOutcome.Handled));
        Assert.Single(await h.State.ListChatsAsync(None));
    }

    [Fact]
    public async Task Verify_ExpiredCode_Refused()
    {
        await using var h = TelegramHarness.Start();
        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None);
        var code = InviteCodeIn(h.Api.Calls("sendMessage").Single().Field("text")!);
        h.Clock.Advance(h.BotOptions.InviteLifetime + TimeSpan.FromSeconds(1));

        var outcome = await h.Commands.HandleAsync(Updates.Command(Stranger, $"/verify {code}"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        Assert.Contains("expired", h.Api.Calls("sendMessage")[^1].Field("text"));
        Assert.Null(await h.State.GetInviteAsync(code, None));
    }

    [Fact]
    public async Task Verify_TooManyWrongCodes_FurtherTriesRefusedEvenWithAValidCode()
    {
        await using var h = TelegramHarness.Start();
        for (var i = 0; i < h.BotOptions.MaxVerifyAttemptsPerHour; i++)
        {
            await h.Commands.HandleAsync(Updates.Command(Stranger, "/verify " + new string('0', BotCommandHandler.InviteDigits)), None);
        }

        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None);
        var code = InviteCodeIn(h.Api.Calls("sendMessage")[^1].Field("text")!);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await h.Commands.HandleAsync(Updates.Command(Stranger, $"/verify {code}"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        Assert.Contains("Too many attempts. Try again in an hour.", h.Api.Calls("sendMessage")[^1].Field("text"));
        Assert.NotNull(await h.State.GetInviteAsync(code, None));
    }

    [Fact]
    public async Task Verify_ManyAccountsPastTheGlobalLimit_RefusedUnreadEvenWithAValidCodeUntilTheNextHour()
    {
        // The attack: 100 accounts × 5 guesses each were all evaluated (23.5 guesses/s). Now the bot as a whole
        // evaluates at most MaxVerifyAttemptsPerHourGlobal per hour, whoever sends them.
        await using var h = TelegramHarness.Start(bot: new BotOptions
        {
            OwnerUserIds = [Owner], MaxVerifyAttemptsPerHour = 5, MaxVerifyAttemptsPerHourGlobal = 10, InviteLifetime = TimeSpan.FromHours(3),
        });
        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None);
        var code = InviteCodeIn(h.Api.Calls("sendMessage")[^1].Field("text")!);
        var wrong = new string('7', BotCommandHandler.InviteDigits);
        for (var account = 0; account < 10; account++)
        {
            await h.Commands.HandleAsync(Updates.Command(7000 + account, $"/verify {wrong}"), None);
        }

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var late = await h.Commands.HandleAsync(Updates.Command(Stranger, $"/verify {code}"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, late);
        Assert.Contains("Too many attempts on this bot", h.Api.Calls("sendMessage")[^1].Field("text"));
        Assert.NotNull(await h.State.GetInviteAsync(code, None));
        Assert.Null(await h.State.GetChatAsync(Stranger, None));

        var now = h.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        h.Clock.Advance(TimeSpan.FromMilliseconds(3_600_000 - (now % 3_600_000)));
        Assert.Equal(UpdateOutcome.Handled, await h.Commands.HandleAsync(Updates.Command(Stranger, $"/verify {code}"), None));
    }

    [Fact]
    public async Task Verify_29ConcurrentGuessesFromOneUser_OnlyTheLimitIsEvaluated()
    {
        await using var h = TelegramHarness.Start();
        var hour = h.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 3_600_000;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 29).Select(i => Task.Run(() =>
            h.Commands.HandleAsync(Updates.Command(Stranger, "/verify " + i.ToString("D16", System.Globalization.CultureInfo.InvariantCulture)), None))));

        Assert.All(outcomes, o => Assert.Equal(UpdateOutcome.Unauthorized, o));
        Assert.Equal("5", await h.State.Store.GetAsync(BotState.VerifyAttempts, $"{Stranger}.{hour}", None));
        Assert.Equal("5", await h.State.Store.GetAsync(BotState.VerifyAttempts, $"all.{hour}", None));
        Assert.Equal(5, h.Logs.Lines.Count(l => l.Contains("wrong or used invite code", StringComparison.Ordinal)));
        Assert.Equal(24, h.Logs.Lines.Count(l => l.Contains("refused unread", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invite_CodeLength_GuessingUnderTheHighestGlobalLimitForAYearStaysBelowOneInAMillion()
    {
        await using var h = TelegramHarness.Start();
        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite"), None);
        var code = InviteCodeIn(h.Api.Calls("sendMessage").Single().Field("text")!);

        // Every evaluated guess can hit at most one live code: P(hit within a year) <= guesses a year × live codes / codes.
        const double HoursPerYear = 365.25 * 24;
        const double LiveCodes = 100;
        var guessesPerYear = BotOptions.MaxGlobalVerifyAttemptsPerHour * HoursPerYear;
        var chance = guessesPerYear * LiveCodes / Math.Pow(10, code.Length);

        Assert.Equal(BotCommandHandler.InviteDigits, code.Length);
        Assert.True(chance < 1e-6, $"{code.Length} digits, {guessesPerYear:0} guesses a year: chance {chance:E2}");
        var e = Assert.Throws<ArgumentException>(() => new BotOptions { OwnerUserIds = [Owner], MaxVerifyAttemptsPerHourGlobal = BotOptions.MaxGlobalVerifyAttemptsPerHour + 1 }.Validate());
        Assert.Contains("guessable", e.Message);
    }

    [Fact]
    public async Task AnyCommand_120FromOneStrangerChat_NoneWaitsForTheChatsSendSlot()
    {
        // The issue: refusals waited in the request for the chat's 1/s slot, so 120 commands from one chat gave p50 60 s and
        // max 119 s (past the webhook's 60 s timeout). The harness clock jumps over waits and records them.
        await using var h = TelegramHarness.Start();

        for (var i = 0; i < 120; i++)
        {
            Assert.Equal(UpdateOutcome.Unauthorized, await h.Commands.HandleAsync(Updates.Command(Stranger, i % 2 == 0 ? "/status" : "/verify 1"), None));
        }

        Assert.Empty(h.Clock.Delays);
        Assert.Single(h.Api.Calls("sendMessage"));
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await h.Commands.HandleAsync(Updates.Command(Stranger, "/status"), None);
        Assert.Equal(2, h.Api.Calls("sendMessage").Count);
    }

    [Fact]
    public async Task Invite_ByOwnerInAGroup_NoCodeIsPostedThere()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/invite", chatId: -100777, chatType: "supergroup"), None);

        Assert.Contains("private chat", h.Api.Calls("sendMessage").Single().Field("text"));
        Assert.Empty(await h.State.Store.ListAsync(BotState.Invites, None));
    }

    [Fact]
    public async Task Invite_FromAnAllowedNonOwner_Refused()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(Stranger);

        var outcome = await h.Commands.HandleAsync(Updates.Command(Stranger, "/invite"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        Assert.Contains("Only the bot's owner", h.Api.Calls("sendMessage").Single().Field("text"));
        Assert.Empty(await h.State.Store.ListAsync(BotState.Invites, None));
    }

    [Fact]
    public async Task AllowGroup_ByOwnerInAGroup_SubscribesTheGroupAndAlertsFollow()
    {
        await using var h = TelegramHarness.Start();

        var outcome = await h.Commands.HandleAsync(Updates.Command(Owner, "/allowgroup@CstTestBot", chatId: -100777, chatType: "supergroup"), None);
        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(UpdateOutcome.Handled, outcome);
        Assert.Equal(ChatKind.Group, (await h.State.GetChatAsync(-100777, None))!.Kind);
        Assert.Contains(h.Api.Calls("sendMessage"), r => r.ChatId == -100777 && r.Field("text")!.Contains("LONG SIGNAL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllowGroup_ByAStrangerInAGroup_Refused()
    {
        await using var h = TelegramHarness.Start();

        var outcome = await h.Commands.HandleAsync(Updates.Command(Stranger, "/allowgroup", chatId: -100777, chatType: "group"), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        Assert.Null(await h.State.GetChatAsync(-100777, None));
    }

    [Fact]
    public async Task AllowGroup_ByOwnerInPrivate_ExplainsWhereToSendIt()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/allowgroup"), None);

        Assert.Contains("inside the group", h.Api.Calls("sendMessage").Single().Field("text"));
        Assert.Empty(await h.State.ListChatsAsync(None));
    }

    [Fact]
    public async Task Start_ByOwnerInPrivate_SubscribesTheOwnerAndShowsHelp()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/start"), None);

        Assert.NotNull(await h.State.GetChatAsync(Owner, None));
        Assert.Contains("/stats [24h|7d|30d]", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Status_ReportsAgesPerSymbolAndTheMacroRun()
    {
        await using var h = TelegramHarness.Start();
        var now = h.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        h.Status.Health = new PipelineHealth([new SymbolHealth("BTCUSDT", now - 12_000, now - 75_000), new SymbolHealth("SEIUSDT", null, null)], now - 300_000);

        await h.Commands.HandleAsync(Updates.Command(Owner, "/status"), None);

        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("<code>BTCUSDT</code> trade 12s ago, candle 1m ago", text);
        Assert.Contains("<code>SEIUSDT</code> trade never, candle never", text);
        Assert.Contains("Macro engine: last run 5m ago", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public async Task Positions_ListsOpenPositions()
    {
        await using var h = TelegramHarness.Start();
        var s = Samples.BtcLong();
        await h.Positions.TryOpenAsync(new Position(s.Id, s.Symbol, s.Side, s.Kind, s.TimeMs + 60_000, s.Entry, s.StopLoss, s.TakeProfit, s.Quantity, 70.5, 6), None);

        await h.Commands.HandleAsync(Updates.Command(Owner, "/positions"), None);

        Assert.Contains("📈 <code>BTCUSDT</code> LONG MICRO @ <code>105164.2</code> TP <code>106741.7</code> SL <code>104428.1</code>",
            h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Last_ShowsNewestFirstWithOutcomes()
    {
        await using var h = TelegramHarness.Start();
        var older = Samples.BtcLong();
        var newer = Samples.BtcLong(timeMs: Samples.CandleMs + 600_000);
        await h.Notifier.NotifyEntryAsync(older, null, None);
        await h.Notifier.NotifyEntryAsync(newer, null, None);
        await h.Notifier.NotifyExitAsync(Samples.TakeProfitExit(older), None);

        await h.Commands.HandleAsync(Updates.Command(Owner, "/last 2"), None);

        var lines = h.Api.Calls("sendMessage")[^1].Field("text")!.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("16:49 UTC", lines[1]);
        Assert.EndsWith("→ open", lines[1]);
        Assert.EndsWith("→ ✅ +1.50% (TP)", lines[2]);
    }

    [Theory]
    [InlineData("/last 0")]
    [InlineData("/last 99")]
    [InlineData("/last x")]
    public async Task Last_BadCount_ShowsUsage(string text)
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, text), None);

        Assert.StartsWith("Usage: /last", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Stats_UsesRecordedExitsInTheWindow()
    {
        await using var h = TelegramHarness.Start();
        var win = Samples.BtcLong();
        var loss = Samples.BtcLong(timeMs: Samples.CandleMs + 600_000);
        await h.Notifier.NotifyExitAsync(Samples.TakeProfitExit(win), None);
        await h.Notifier.NotifyExitAsync(Samples.StopLossExit(loss), None);
        h.Clock.Advance(TimeSpan.FromHours(3));

        await h.Commands.HandleAsync(Updates.Command(Owner, "/stats 24h"), None);
        h.Clock.Advance(TimeSpan.FromDays(2));
        await h.Commands.HandleAsync(Updates.Command(Owner, "/stats"), None);
        await h.Commands.HandleAsync(Updates.Command(Owner, "/stats 7d"), None);

        var replies = h.Api.Calls("sendMessage").Select(r => r.Field("text")!).ToList();
        Assert.Contains("Trades: 2", replies[0]);
        Assert.Contains("Win rate: 50.0%", replies[0]);
        Assert.Contains("Net PnL: +56.60 USDT (+0.57%)", replies[0]);
        Assert.Contains("Profit factor: 1.69", replies[0]);
        Assert.Equal("No closed trades in the last 24h.", replies[1]);
        Assert.Contains("Trades: 2", replies[2]);
    }

    [Fact]
    public async Task Stats_UnknownWindow_ShowsUsage()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/stats 1y"), None);

        Assert.Equal("Usage: /stats [24h|7d|30d]", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Bias_ShowsDirectionConfidenceValidityAndTheEscapedNote()
    {
        await using var h = TelegramHarness.Start();
        var now = h.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await h.Bias.PutAsync(new MacroBias("BTCUSDT", Direction.Long, 84, now - 60_000, now + 3_600_000, "Price holds above the 4h EMA <20> & volume\nrises."), None);
        await h.Bias.PutAsync(new MacroBias("ETHUSDT", Direction.Short, 71, now - 20_000_000, now - 1), None);

        await h.Commands.HandleAsync(Updates.Command(Owner, "/bias"), None);

        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("<code>BTCUSDT</code> LONG 84/100 until", text);
        Assert.Contains("<i>Price holds above the 4h EMA &lt;20&gt; &amp; volume rises.</i>", text);
        Assert.Contains("<code>ETHUSDT</code> SHORT 71/100 (expired)", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public async Task MuteAndUnmute_PerChat_ChangeWhichAlertsArrive()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(Stranger);

        await h.Commands.HandleAsync(Updates.Command(Stranger, "/mute btc"), None);
        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);
        await h.Commands.HandleAsync(Updates.Command(Stranger, "/mute"), None);
        await h.Commands.HandleAsync(Updates.Command(Stranger, "/unmute BTCUSDT"), None);
        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(timeMs: Samples.CandleMs + 60_000), null, None);

        var texts = h.Api.Calls("sendMessage").Select(r => r.Field("text")!).ToList();
        Assert.Equal("🔕 <code>BTCUSDT</code> alerts muted in this chat.", texts[0]);
        Assert.Equal("Muted here: <code>BTCUSDT</code>", texts[1]);
        Assert.Equal("🔔 <code>BTCUSDT</code> alerts back on in this chat.", texts[2]);
        Assert.Contains("LONG SIGNAL", texts[3]);
        Assert.Equal(4, texts.Count);
    }

    [Fact]
    public async Task Mute_NotASymbol_ExplainsWithoutEchoingHtml()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/mute <b>x</b>"), None);

        var text = h.Api.Calls("sendMessage").Single().Field("text")!;
        Assert.Contains("is not a symbol", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public async Task Chart_Symbol_SendsAPngPhotoWithCaption()
    {
        await using var h = TelegramHarness.Start();
        await h.LoadBtcCandlesAsync();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/chart btc 60"), None);

        var photo = Assert.Single(h.Api.Calls("sendPhoto"));
        Assert.Equal("attach://0", photo.Field("photo"));
        AssertPng(photo.Files["0"]);
        Assert.StartsWith("📊 <code>BTCUSDT</code> · last 60 min", photo.Field("caption"));
    }

    [Theory]
    [InlineData("/chart")]
    [InlineData("/chart BTC 5")]
    [InlineData("/chart BTC 99999")]
    [InlineData("/chart B$C")]
    public async Task Chart_BadArguments_ShowsUsage(string text)
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, text), None);

        Assert.StartsWith("Usage: /chart", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Chart_NoCandles_SaysSo()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/chart SOL"), None);

        Assert.Equal("No <code>SOLUSDT</code> candles in the last 120 minutes.", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task ChartButton_EndToEnd_AnswersTheCallbackAndSendsTheSignalChart()
    {
        await using var h = TelegramHarness.Start();
        await h.LoadBtcCandlesAsync();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        await h.Notifier.HandleAsync(SignalNotification.ForEntry(signal), None);
        // A real outcome from the bundled data: neither level was touched, so the position timed out at 18:02.
        var exitCandle = RealCandles.Btc().Single(c => c.OpenTimeMs == signal.TimeMs + (83 * 60_000));
        var timedOut = Samples.TakeProfitExit(signal) with
        {
            Reason = ExitReason.Time,
            ExitPrice = exitCandle.Close,
            Pnl = ((exitCandle.Close - signal.Entry) * signal.Quantity) - 12.0,
        };
        await h.Notifier.HandleAsync(SignalNotification.ForExit(timedOut), None);
        var alert = h.Api.Calls("sendMessage").Single();
        var messageId = checked((int)(await h.AlertLog.ListAsync(signal.Id, None)).Single().MessageId);
        h.Clock.Advance(TimeSpan.FromHours(2)); // the user presses the button after the trade closed

        var outcome = await h.Commands.HandleAsync(Updates.Callback(7, 7, messageId, alert.FirstButtonCallbackData()), None);

        Assert.Equal(UpdateOutcome.Handled, outcome);
        var answer = Assert.Single(h.Api.Calls("answerCallbackQuery"));
        Assert.Equal("4382", answer.Field("callback_query_id"));
        var photo = Assert.Single(h.Api.Calls("sendPhoto"));
        Assert.Equal(7, photo.ChatId);
        AssertPng(photo.Files["0"]);
        Assert.Contains($"❌ Exit <code>{exitCandle.Close.ToString(System.Globalization.CultureInfo.InvariantCulture)}</code> time limit reached", photo.Field("caption"));
        var output = Path.Combine(AppContext.BaseDirectory, "out");
        Directory.CreateDirectory(output);
        await File.WriteAllBytesAsync(Path.Combine(output, "chart-button.png"), photo.Files["0"]);
        await File.WriteAllTextAsync(Path.Combine(output, "alert-with-exit.html"), h.Api.Calls("editMessageText").Single().Field("text"));
    }

    [Fact]
    public async Task ChartButton_FromAChatNotAllowed_AnsweredWithoutAChart()
    {
        await using var h = TelegramHarness.Start();
        var signal = Samples.BtcLong();
        await h.Notifier.NotifyEntryAsync(signal, null, None);

        var outcome = await h.Commands.HandleAsync(Updates.Callback(Stranger, Stranger, 5, "c:" + signal.Id), None);

        Assert.Equal(UpdateOutcome.Unauthorized, outcome);
        Assert.Contains("invite", Assert.Single(h.Api.Calls("answerCallbackQuery")).Field("text"));
        Assert.Empty(h.Api.Calls("sendPhoto"));
    }

    [Fact]
    public async Task ChartButton_UnknownSignal_AnsweredWithAToast()
    {
        await using var h = TelegramHarness.Start();

        var outcome = await h.Commands.HandleAsync(Updates.Callback(Owner, Owner, 5, "c:NOPE-1-x"), None);

        Assert.Equal(UpdateOutcome.Handled, outcome);
        Assert.Equal("That signal is no longer known.", Assert.Single(h.Api.Calls("answerCallbackQuery")).Field("text"));
    }

    [Fact]
    public async Task Equity_WithExits_SendsAPng()
    {
        await using var h = TelegramHarness.Start();
        await h.Notifier.NotifyExitAsync(Samples.TakeProfitExit(Samples.BtcLong()), None);
        await h.Notifier.NotifyExitAsync(Samples.StopLossExit(Samples.BtcLong(timeMs: Samples.CandleMs + 600_000)), None);

        await h.Commands.HandleAsync(Updates.Command(Owner, "/equity"), None);

        var photo = Assert.Single(h.Api.Calls("sendPhoto"));
        AssertPng(photo.Files["0"]);
        Assert.Contains("Equity after 2 closed trade(s): <code>10056.60</code> USDT (+0.57%)", photo.Field("caption"));
    }

    [Fact]
    public async Task Equity_NoExits_SaysSo()
    {
        await using var h = TelegramHarness.Start();

        await h.Commands.HandleAsync(Updates.Command(Owner, "/equity"), None);

        Assert.Equal("No closed trades yet, so no equity curve.", h.Api.Calls("sendMessage").Single().Field("text"));
    }

    [Fact]
    public async Task Update_SameIdTwice_HandledOnce()
    {
        await using var h = TelegramHarness.Start();
        var update = Updates.Command(Owner, "/help");

        var first = await h.Commands.HandleAsync(update, None);
        var second = await h.Commands.HandleAsync(update, None);

        Assert.Equal((UpdateOutcome.Handled, UpdateOutcome.Ignored), (first, second));
        Assert.Single(h.Api.Calls("sendMessage"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"update_id":1,"message":{"message_id":5,"date":1700000000,"text":"/status","from":{"id":42,"is_bot":false,"first_name":"A"}}}""")]
    [InlineData("""{"update_id":2,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"text":"/status"}}""")]
    [InlineData("""{"update_id":3,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":77,"is_bot":true,"first_name":"B"},"text":"/status"}}""")]
    [InlineData("""{"update_id":4,"callback_query":{"id":"","from":{"id":42,"is_bot":false,"first_name":"A"},"chat_instance":"1","data":"c:x"}}""")]
    [InlineData("""{"update_id":5,"callback_query":{"id":"77","from":{"id":42,"is_bot":false,"first_name":"A"},"chat_instance":"1"}}""")]
    public async Task Malformed_Updates_HandledWithoutThrowingAndLogged(string json)
    {
        await using var h = TelegramHarness.Start();

        var outcome = await h.Commands.HandleAsync(Updates.Parse(json), None);

        Assert.Equal(UpdateOutcome.Malformed, outcome);
        Assert.Contains(h.Logs.Lines, l => l.Contains("rejected", StringComparison.Ordinal) || l.Contains("unknown data", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"update_id":6,"edited_message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"text":"/status"}}""")]
    [InlineData("""{"update_id":7,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"just chatting"}}""")]
    [InlineData("""{"update_id":8,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"}}}""")]
    public async Task NonCommands_Ignored(string json)
    {
        await using var h = TelegramHarness.Start();

        Assert.Equal(UpdateOutcome.Ignored, await h.Commands.HandleAsync(Updates.Parse(json), None));
        Assert.Empty(h.Api.Requests);
    }

    [Fact]
    public async Task Reply_TelegramDown_ReportedAsFailedWithoutThrowing()
    {
        await using var h = TelegramHarness.Start();
        h.Api.Responder = _ => FakeReply.Error(500, "Internal Server Error");

        var outcome = await h.Commands.HandleAsync(Updates.Command(Owner, "/help"), None);

        Assert.Equal(UpdateOutcome.Failed, outcome);
        Assert.Contains(h.Logs.Lines, l => l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_NoOwner_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new BotOptions().Validate());

        Assert.Contains("owner", e.Message);
    }

    private static string InviteCodeIn(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, "<code>([0-9]{16})</code>");
        Assert.True(m.Success, text);
        return m.Groups[1].Value;
    }

    private static void AssertPng(byte[] bytes)
    {
        Assert.True(bytes.Length > 1000, $"{bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
    }
}
