using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests.Local;

/// <summary>Long polling against the local fake Bot API: same handler as the webhook, offsets, back-off, bad updates, stopping.</summary>
public class TelegramPollingServiceTests
{
    private const long Owner = TelegramHarness.OwnerId;
    private const long Stranger = 777;
    private const string TokenSecret = "AAE-test_SECRET_token_value_0123456789";

    [Fact]
    public async Task RunAsync_Start_DeletesTheWebhookBeforeTheFirstGetUpdates()
    {
        await using var rig = PollingRig.Create().Start();

        await Eventually.TrueAsync(() => rig.Harness.Api.Calls("getUpdates").Count > 0, "the first getUpdates");

        var methods = rig.Harness.Api.Requests.Select(r => r.Method).ToList();
        Assert.Equal("deleteWebhook", methods[0]);
        Assert.Single(rig.Harness.Api.Calls("deleteWebhook"));
        Assert.Equal("false", rig.Harness.Api.Calls("deleteWebhook")[0].Field("drop_pending_updates") ?? "false");
        var poll = rig.Harness.Api.Calls("getUpdates")[0];
        Assert.Equal("1", poll.Field("timeout"));
        Assert.Contains("callback_query", poll.Field("allowed_updates"));
    }

    [Fact]
    public async Task RunAsync_OwnerStartAndStatus_AnsweredLikeTheWebhookAnswersThem()
    {
        await using var rig = PollingRig.Create();
        var now = rig.Harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        rig.Harness.Status.Health = new PipelineHealth([new SymbolHealth("BTCUSDT", now - 12_000, now - 75_000)], now - 300_000);
        rig.Queue.AddCommand(Owner, "/start");
        rig.Queue.AddCommand(Owner, "/status");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 2, "two answers to the owner");

        var answers = rig.SentTo(Owner);
        Assert.Contains("CryptoSignalTracker bot", answers[0]);
        Assert.Contains("Pipeline status", answers[1]);
        Assert.Contains("BTCUSDT", answers[1]);
        Assert.NotNull(await rig.Harness.State.GetChatAsync(Owner, CancellationToken.None)); // /start allow-listed the owner's chat
    }

    [Fact]
    public async Task RunAsync_Stranger_GetsOnlyTheAskForAnInviteAnswer()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.AddCommand(Stranger, "/status");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Stranger).Count == 1, "the answer to the stranger");
        await Eventually.TrueAsync(() => rig.Service.UpdatesProcessed == 1, "the update counted");

        Assert.Contains("Ask the owner for an invite", rig.SentTo(Stranger)[0]);
    }

    [Fact]
    public async Task RunAsync_AfterHandling_OffsetMovesPastEachUpdateAndNothingIsAnsweredTwice()
    {
        await using var rig = PollingRig.Create();
        var first = rig.Queue.AddCommand(Owner, "/help");
        var second = rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.Queue.Offsets.Contains(second + 1), "a getUpdates confirming both updates");
        var polls = rig.Queue.Offsets.Count;
        await Eventually.TrueAsync(() => rig.Queue.Offsets.Count >= polls + 3, "three more polls");

        Assert.Equal(2, rig.SentTo(Owner).Count);
        Assert.Equal(second + 1, rig.Service.NextOffset);
        Assert.Equal(2, rig.Service.UpdatesProcessed);
        Assert.Null(rig.Queue.Offsets[0]);

        // The reply to each update went out before any getUpdates that confirms it.
        var requests = rig.Harness.Api.Requests;
        var lastReply = requests.ToList().FindLastIndex(r => r.Method == "sendMessage");
        var firstConfirm = requests.ToList().FindIndex(r => r.Method == "getUpdates" && r.Field("offset") == (second + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(lastReply < firstConfirm, "the offset moved past the updates before they were answered");
        Assert.Equal(first + 1, second);
    }

    [Fact]
    public async Task RunAsync_TooManyRequests_WaitsTheRetryAfterTelegramAsked()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.FailNext("getUpdates", FakeReply.Error(429, "Too Many Requests: retry after 7", retryAfter: 7));
        rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 1, "the answer after the flood wait");

        var polls = rig.Harness.Api.Calls("getUpdates");
        Assert.Contains(TimeSpan.FromSeconds(7), rig.Harness.Clock.Delays);
        Assert.True(polls[1].ReceivedAt - polls[0].ReceivedAt >= TimeSpan.FromSeconds(7), "the next getUpdates came before retry_after passed");
        Assert.Contains(rig.Harness.Logs.Lines, l => l.Contains("flood control on getUpdates: waiting 7 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_LongRetryAfter_CappedAtMaxRetryAfter()
    {
        await using var rig = PollingRig.Create(new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(1), MaxRetryAfter = TimeSpan.FromSeconds(30) });
        rig.Queue.FailNext("getUpdates", FakeReply.Error(429, "Too Many Requests: retry after 3600", retryAfter: 3600));
        rig.Start();

        await Eventually.TrueAsync(() => rig.Harness.Api.Calls("getUpdates").Count >= 2, "a getUpdates after the capped wait");

        Assert.Contains(TimeSpan.FromSeconds(30), rig.Harness.Clock.Delays);
        Assert.DoesNotContain(TimeSpan.FromSeconds(3600), rig.Harness.Clock.Delays);
    }

    [Fact]
    public async Task RunAsync_ServerErrors_BackOffDoublingUpToTheCapThenRecover()
    {
        await using var rig = PollingRig.Create(new TelegramPollingOptions
        {
            PollTimeout = TimeSpan.FromSeconds(1),
            BackoffBase = TimeSpan.FromSeconds(1),
            BackoffMax = TimeSpan.FromSeconds(4),
        });
        for (var i = 0; i < 5; i++)
        {
            rig.Queue.FailNext("getUpdates", FakeReply.Error(502, "Bad Gateway"));
        }

        rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 1, "the answer after the outage");

        var backoffs = rig.Harness.Clock.Delays.Where(d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromSeconds(4)).Take(5).ToList();
        Assert.Equal([1, 2, 4, 4, 4], backoffs.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_KeepsRetryingWithoutDying()
    {
        await using var rig = PollingRig.Create();
        await rig.Harness.Api.DisposeAsync(); // nothing listens any more
        rig.Start();

        await Eventually.TrueAsync(() => rig.Harness.Logs.Lines.Count(l => l.Contains("Telegram deleteWebhook failed", StringComparison.Ordinal)) >= 3, "three failed attempts");

        Assert.False(rig.Running.IsCompleted);
        AssertNoSecret(rig.Harness.Logs.Lines);
    }

    [Fact]
    public async Task RunAsync_MalformedUpdate_LoggedSkippedAndTheNextOneAnswered()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.AddCommand(Owner, "/help");
        var bad = rig.Queue.Add(id => $$"""{"update_id":{{id}},"message":{"message_id":"not a number","chat":"nope","date":"yesterday"} }""");
        var last = rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.Service.NextOffset == last + 1, "all three updates processed");

        Assert.Equal(2, rig.SentTo(Owner).Count);
        Assert.Equal(3, rig.Service.UpdatesProcessed);
        Assert.Contains(rig.Harness.Logs.Lines, l => l.Contains($"Telegram update {bad} is malformed and was skipped", StringComparison.Ordinal));
        Assert.False(rig.Running.IsCompleted);
    }

    [Theory]
    [InlineData("""{"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"no_such_chat_type"},"text":"/help"}}""")]
    [InlineData("""{"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"/help","entities":[{"type":"bot_command","offset":"zero"}]}}""")]
    [InlineData("""{"callback_query":{"id":7,"from":null,"data":["x"]}}""")]
    [InlineData("""{"message":null,"callback_query":null}""")]
    [InlineData("""{"message":[1,2,3]}""")]
    public async Task RunAsync_OddlyShapedUpdate_DoesNotStopTheLoop(string body)
    {
        await using var rig = PollingRig.Create();
        rig.Queue.Add(id => "{\"update_id\":" + id + "," + body[1..]);
        var good = rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.Service.NextOffset == good + 1, "both updates processed");

        Assert.Single(rig.SentTo(Owner));
        Assert.False(rig.Running.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_EntryWithoutUpdateId_SkippedWithoutBlockingTheOthers()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.Add(_ => """{"message":{"text":"/help"}}""");
        var good = rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 1, "the good update answered");

        Assert.Equal(good + 1, rig.Service.NextOffset);
        Assert.Contains(rig.Harness.Logs.Lines, l => l.Contains("without a readable update_id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WebhookSetAgain_DeletesItAndGoesOnPolling()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.FailNext("getUpdates", FakeReply.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
        rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 1, "the answer after the conflict");

        Assert.Equal(2, rig.Harness.Api.Calls("deleteWebhook").Count);
    }

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(404, "Not Found")]
    public async Task RunAsync_TokenRejected_StopsWithAnErrorThatDoesNotShowTheToken(int code, string description)
    {
        await using var rig = PollingRig.Create();
        rig.Queue.FailNext("deleteWebhook", FakeReply.Error(code, description));
        rig.Start();

        await rig.Running.WaitAsync(Eventually.Patience);

        Assert.Empty(rig.Harness.Api.Calls("getUpdates"));
        Assert.Contains(rig.Harness.Logs.Lines, l => l.Contains("rejected the bot token", StringComparison.Ordinal) && l.Contains("TELEGRAM_BOT_TOKEN", StringComparison.Ordinal));
        AssertNoSecret(rig.Harness.Logs.Lines);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringALongPoll_EndsPromptlyAndNormally()
    {
        await using var rig = PollingRig.Create(new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(30) });
        rig.Harness.Api.Responder = r => r.Method == "getUpdates" ? HoldForever(r) : rig.Queue.Respond(r);
        rig.Start();
        await Eventually.TrueAsync(() => rig.Harness.Api.Calls("getUpdates").Count == 1, "the long poll in flight");
        var started = DateTime.UtcNow;

        await rig.StopAsync();

        Assert.True(rig.Running.IsCompletedSuccessfully);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "stopping waited for the long poll");
        Assert.Single(rig.Harness.Api.Calls("getUpdates")); // nothing handled, so nothing to confirm
    }

    [Fact]
    public async Task RunAsync_StoppedWhileHandling_FinishesThatUpdateConfirmsItAndLeavesTheRest()
    {
        await using var rig = PollingRig.Create(new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(30) });
        var first = rig.Queue.AddCommand(Owner, "/help");
        var second = rig.Queue.AddCommand(Owner, "/help");
        rig.Harness.Api.Responder = r =>
        {
            if (r.Method == "sendMessage")
            {
                rig.RequestStop(); // the stop arrives while the reply to the first update is on the wire
            }

            return rig.Queue.Respond(r);
        };
        rig.Start();

        await rig.Running.WaitAsync(Eventually.Patience);

        Assert.True(rig.Running.IsCompletedSuccessfully);
        Assert.Single(rig.SentTo(Owner));
        Assert.Equal(first + 1, rig.Service.NextOffset);
        var last = rig.Harness.Api.Calls("getUpdates")[^1];
        Assert.Equal((first + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), last.Field("offset"));
        Assert.True(last.Field("timeout") is null or "0", "the confirming call should not wait"); // 0 is Telegram's default and left out
        Assert.Equal(first + 1, second); // the second stays queued at Telegram for the next start
    }

    [Fact]
    public async Task RunAsync_ErrorsEchoingTheToken_NoLogLineContainsIt()
    {
        await using var rig = PollingRig.Create();
        rig.Queue.FailNext("deleteWebhook", FakeReply.Error(500, $"Internal error for /bot{TelegramHarness.Token}/deleteWebhook"));
        rig.Queue.FailNext("getUpdates", FakeReply.Error(409, $"Conflict: terminated by other getUpdates request /bot{TelegramHarness.Token}"));
        rig.Queue.FailNext("getUpdates", FakeReply.Error(429, $"Too Many Requests {TelegramHarness.Token}", retryAfter: 2));
        rig.Queue.Add(id => $$"""{"update_id":{{id}},"message":{"message_id":"{{TelegramHarness.Token}}"} }""");
        rig.Queue.AddCommand(Owner, "/help");
        rig.Start();

        await Eventually.TrueAsync(() => rig.SentTo(Owner).Count == 1, "the answer after the errors");
        await rig.StopAsync();

        Assert.True(rig.Harness.Logs.Lines.Count > 5);
        AssertNoSecret(rig.Harness.Logs.Lines);
    }

    [Fact]
    public void Options_OutOfRange_RejectedNamingTheSetting()
    {
        Assert.Contains("poll timeout", Assert.Throws<ArgumentException>(() => new TelegramPollingOptions { PollTimeout = TimeSpan.FromMilliseconds(1500) }.Validate()).Message);
        Assert.Contains("batch size", Assert.Throws<ArgumentException>(() => new TelegramPollingOptions { BatchSize = 0 }.Validate()).Message);
        Assert.Contains("backoff base", Assert.Throws<ArgumentException>(() => new TelegramPollingOptions { BackoffMax = TimeSpan.FromMilliseconds(10) }.Validate()).Message);
        Assert.Contains("allowed updates", Assert.Throws<ArgumentException>(() => new TelegramPollingOptions { AllowedUpdates = [] }.Validate()).Message);
    }

    private static FakeReply HoldForever(RecordedRequest request)
    {
        Thread.Sleep(TimeSpan.FromSeconds(2)); // longer than the test needs; the client gives up when cancelled
        return new FakeReply(200, """{"ok":true,"result":[]}""");
    }

    private static void AssertNoSecret(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Assert.DoesNotContain(TokenSecret, line, StringComparison.Ordinal);
        }
    }
}
