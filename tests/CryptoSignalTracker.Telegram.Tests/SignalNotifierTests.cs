using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

public class SignalNotifierTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Entry_TwoSubscribers_OneHtmlAlertEachWithTheChartButton()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8);
        var signal = Samples.BtcLong();

        var report = await h.Notifier.HandleAsync(SignalNotification.ForEntry(signal), None);

        Assert.Equal(2, report.Sent);
        var sends = h.Api.Calls("sendMessage");
        Assert.Equal([7L, 8L], sends.Select(r => r.ChatId).Order());
        Assert.All(sends, r =>
        {
            Assert.Equal(TelegramHarness.Token, r.Token);
            Assert.Equal("HTML", r.Field("parse_mode"), ignoreCase: true);
            Assert.Equal(h.Formatter.Entry(signal, null), r.Field("text"));
            Assert.Equal("c:" + signal.Id, r.FirstButtonCallbackData());
        });
        Assert.Equal(2, (await h.AlertLog.ListAsync(signal.Id, None)).Count);
    }

    [Fact]
    public async Task Entry_DeliveredThreeTimes_SentOncePerChat()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8);
        var n = SignalNotification.ForEntry(Samples.BtcLong());

        await h.Notifier.HandleAsync(n, None);
        var second = await h.Notifier.HandleAsync(n, None);
        var third = await h.NewInstance("instance-b").Notifier.HandleAsync(n, None);

        Assert.Equal(2, h.Api.Calls("sendMessage").Count);
        Assert.Equal((0, 2), (second.Sent, second.AlreadyDelivered));
        Assert.Equal((0, 2), (third.Sent, third.AlreadyDelivered));
    }

    [Fact]
    public async Task Entry_ConcurrentDeliveriesOnFourInstances_SentExactlyOncePerChat()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8, 9);
        h.Api.Latency = TimeSpan.FromMilliseconds(150); // keep the first sends in flight while the others arrive
        var n = SignalNotification.ForEntry(Samples.BtcLong());
        var instances = Enumerable.Range(0, 4).Select(i => h.NewInstance($"instance-{i}").Notifier).ToList();

        var results = await Task.WhenAll(instances.Select(i => Run(() => i.HandleAsync(n, None))));

        // Whoever found a chat mid-send asked for redelivery; redeliver until nobody does.
        for (var round = 0; round < 20 && results.Any(r => r is AlertPendingException); round++)
        {
            await Task.Delay(100);
            results = await Task.WhenAll(instances.Select(i => Run(() => i.HandleAsync(n, None))));
        }

        Assert.All(results, r => Assert.IsType<NotificationReport>(r));
        Assert.Equal([7L, 8L, 9L], h.Api.Calls("sendMessage").Select(r => r.ChatId).Order());
        Assert.Equal(3, (await h.AlertLog.ListAsync(n.SignalId, None)).Count);
    }

    [Fact]
    public async Task Entry_MutedSymbolInOneChat_SkipsOnlyThatChat()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8);
        await h.State.MuteAsync(8, "BTCUSDT", None);

        var report = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);
        await h.Notifier.NotifyEntryAsync(Samples.PepeShort(), null, None);

        Assert.Equal((1, 1), (report.Sent, report.Skipped));
        Assert.Equal([7L, 7L, 8L], h.Api.Calls("sendMessage").Select(r => r.ChatId).Order());
    }

    [Fact]
    public async Task Entry_SymbolWithHtmlCharacters_SentEscaped()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);

        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(symbol: "1000<PEPE>&USDT") with { Id = "PEPE-odd-id" }, null, None);

        var text = Assert.Single(h.Api.Calls("sendMessage")).Field("text")!;
        Assert.Contains("<code>1000&lt;PEPE&gt;&amp;USDT</code>", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public async Task Entry_ConfiguredAlertChat_GetsAlertsWithoutBeingAllowListed()
    {
        await using var h = TelegramHarness.Start(notifier: new NotifierOptions { AlertChatIds = [-100500] });

        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(-100500, h.Api.Calls("sendMessage").Single().ChatId);
    }

    [Fact]
    public async Task Entry_UserBlockedTheBot_ChatMarkedBlockedAndSkippedAfterwards()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8);
        h.Api.Responder = r => r.ChatId == 8 ? FakeReply.Error(403, "Forbidden: bot was blocked by the user") : null;

        var first = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);
        var second = await h.Notifier.NotifyEntryAsync(Samples.PepeShort(), null, None);

        Assert.Equal((1, 1), (first.Sent, first.Failed));
        Assert.Equal((1, 1), (second.Sent, second.Skipped));
        Assert.True(await h.State.IsBlockedAsync(8, None));
        Assert.Single(h.Api.Calls("sendMessage"), r => r.ChatId == 8);
        Assert.Contains(h.Logs.Lines, l => l.Contains("blocked the bot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entry_FloodControl429_WaitsRetryAfterInVirtualTimeThenSends()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var calls = 0;
        h.Api.Responder = _ => Interlocked.Increment(ref calls) == 1 ? FakeReply.Error(429, "Too Many Requests: retry after 35", retryAfter: 35) : null;
        var start = h.Clock.GetUtcNow();

        var report = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(1, report.Sent);
        var sends = h.Api.Calls("sendMessage");
        Assert.Equal(2, sends.Count);
        Assert.True(sends[1].ReceivedAt - sends[0].ReceivedAt >= TimeSpan.FromSeconds(35), $"retried after {sends[1].ReceivedAt - sends[0].ReceivedAt}");
        Assert.True(h.Clock.GetUtcNow() - start < TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task Entry_RetryAfterLongerThanAllowed_ThrowsRetryableAndReleasesTheClaim()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        h.Api.Responder = _ => FakeReply.Error(429, "Too Many Requests: retry after 3600", retryAfter: 3600);

        var e = await Assert.ThrowsAsync<TelegramUnavailableException>(() => h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None));
        h.Api.Responder = null;
        var report = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        Assert.Equal(2, h.Api.Calls("sendMessage").Count); // the refused one, then the redelivered one
        Assert.Equal(1, report.Sent);
    }

    [Fact]
    public async Task Entry_ServerErrorsThenSuccess_RetriedWithExponentialBackoff()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var calls = 0;
        h.Api.Responder = _ => Interlocked.Increment(ref calls) <= 2 ? FakeReply.Error(502, "Bad Gateway") : null;

        var report = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(1, report.Sent);
        var sends = h.Api.Calls("sendMessage");
        Assert.Equal(3, sends.Count);
        // backoff 1 s then 2 s (the chat's 1 s send interval, plus its 1 ms timer margin, overlaps the first)
        Assert.InRange((sends[1].ReceivedAt - sends[0].ReceivedAt).TotalMilliseconds, 1000, 1001);
        Assert.Equal(TimeSpan.FromSeconds(2), sends[2].ReceivedAt - sends[1].ReceivedAt);
    }

    [Fact]
    public async Task Entry_TelegramDownForMinutes_ThrowsRetryableThenRedeliverySendsOnce()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, 8);
        h.Api.Responder = _ => FakeReply.Error(503, "Service Unavailable");
        var n = SignalNotification.ForEntry(Samples.BtcLong());

        await Assert.ThrowsAsync<TelegramUnavailableException>(() => h.Notifier.HandleAsync(n, None));
        await Assert.ThrowsAsync<TelegramUnavailableException>(() => h.Notifier.HandleAsync(n, None));
        var failedCalls = h.Api.Calls("sendMessage").Count;
        h.Api.Responder = null;
        var report = await h.Notifier.HandleAsync(n, None);

        Assert.Equal(10, failedCalls); // 1 + 4 retries, twice, stopping at the first chat each time
        Assert.Equal(2, report.Sent);
        Assert.Equal([7L, 8L], (await h.AlertLog.ListAsync(n.SignalId, None)).Select(d => d.ChatId));
    }

    [Fact]
    public async Task Entry_HolderCrashedAfterClaiming_RedeliveryWaitsForTheLeaseThenSends()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        var crashed = new DeliveryClaims(h.State.Store, h.Clock, h.NotifierOptions, "crashed-instance");
        Assert.Equal(ClaimStatus.Acquired, (await crashed.TryAcquireAsync(signal.Id, 7, None)).Status);

        await Assert.ThrowsAsync<AlertPendingException>(() => h.Notifier.NotifyEntryAsync(signal, null, None));
        Assert.Empty(h.Api.Calls("sendMessage"));
        h.Clock.Advance(h.NotifierOptions.Lease + h.NotifierOptions.TakeoverGrace);
        var report = await h.Notifier.NotifyEntryAsync(signal, null, None);

        Assert.Equal(1, report.Sent);
        Assert.Single(h.Api.Calls("sendMessage"));
    }

    [Fact]
    public async Task Entry_HolderSentAndLoggedButCrashedBeforeMarking_TakeoverDoesNotResend()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        var crashed = new DeliveryClaims(h.State.Store, h.Clock, h.NotifierOptions, "crashed-instance");
        await crashed.TryAcquireAsync(signal.Id, 7, None);
        await h.AlertLog.RecordAsync(new AlertDelivery(signal.Id, 7, 555, 0), None);
        h.Clock.Advance(h.NotifierOptions.Lease + h.NotifierOptions.TakeoverGrace);

        var report = await h.Notifier.NotifyEntryAsync(signal, null, None);

        Assert.Equal((0, 1), (report.Sent, report.AlreadyDelivered));
        Assert.Empty(h.Api.Calls("sendMessage"));
    }

    [Fact]
    public async Task Entry_GroupMigratedToSupergroup_ResentToTheNewIdAndAllowListFollows()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(-555);
        h.Api.Responder = r => r.ChatId == -555 ? FakeReply.Error(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: -1009990) : null;

        var report = await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        Assert.Equal(1, report.Sent);
        Assert.Equal([-555L, -1009990L], h.Api.Calls("sendMessage").Select(r => r.ChatId));
        Assert.NotNull(await h.State.GetChatAsync(-1009990, None));
        Assert.Null(await h.State.GetChatAsync(-555, None));
    }

    [Fact]
    public async Task Entry_ManyChats_GlobalRateNeverAboveTwentyNinePerSecond()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync([.. Enumerable.Range(1, 90).Select(i => (long)i)]);

        await h.Notifier.NotifyEntryAsync(Samples.BtcLong(), null, None);

        var times = h.Api.Calls("sendMessage").Select(r => r.ReceivedAt).ToList();
        Assert.Equal(90, times.Count);
        Assert.True(MaxInWindow(times, TimeSpan.FromSeconds(1)) <= 29, string.Join(",", times.Select(t => (t - times[0]).TotalMilliseconds)));
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(89 / 29.0), string.Join(",", times.Select(t => (t - times[0]).TotalMilliseconds)));
    }

    [Fact]
    public async Task Entry_ManySignalsToOneGroup_AtMostTwentyPerMinute()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(-100777);

        for (var i = 0; i < 30; i++)
        {
            await h.Notifier.NotifyEntryAsync(Samples.BtcLong(timeMs: Samples.CandleMs + (i * 60_000)), null, None);
        }

        var times = h.Api.Calls("sendMessage").Select(r => r.ReceivedAt).ToList();
        Assert.Equal(30, times.Count);
        Assert.True(MaxInWindow(times, TimeSpan.FromMinutes(1)) <= 20, $"{MaxInWindow(times, TimeSpan.FromMinutes(1))} in a minute");
    }

    [Fact]
    public async Task Exit_AfterAlerts_EditsEachOriginalMessageInPlace()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7, -100777);
        var signal = Samples.BtcLong();
        await h.Notifier.NotifyEntryAsync(signal, null, None);
        var deliveries = await h.AlertLog.ListAsync(signal.Id, None);
        var trade = Samples.TakeProfitExit(signal);

        var report = await h.Notifier.HandleAsync(SignalNotification.ForExit(trade), None);

        Assert.Equal(2, report.Edited);
        var edits = h.Api.Calls("editMessageText");
        Assert.Equal(2, edits.Count);
        foreach (var d in deliveries)
        {
            var edit = Assert.Single(edits, e => e.ChatId == d.ChatId);
            Assert.Equal(d.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), edit.Field("message_id"));
            Assert.Equal(h.Formatter.Entry(signal, null) + h.Formatter.ExitBlock(trade), edit.Field("text"));
            Assert.Equal("c:" + signal.Id, edit.FirstButtonCallbackData());
            HtmlCheck.AssertValid(edit.Field("text")!);
        }

        Assert.Equal(trade, await h.State.GetExitAsync(SignalKeys.Of(signal.Id), None));
    }

    [Fact]
    public async Task Exit_MessageNotModified_CountsAsEdited()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        await h.Notifier.NotifyEntryAsync(signal, null, None);
        h.Api.Responder = r => r.Method == "editMessageText"
            ? FakeReply.Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same")
            : null;

        var report = await h.Notifier.NotifyExitAsync(Samples.TakeProfitExit(signal), None);

        Assert.Equal((1, 0), (report.Edited, report.Failed));
    }

    [Fact]
    public async Task Exit_MessageDeletedByUser_ReportedAsFailedWithoutThrowing()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        await h.Notifier.NotifyEntryAsync(signal, null, None);
        h.Api.Responder = r => r.Method == "editMessageText" ? FakeReply.Error(400, "Bad Request: message to edit not found") : null;

        var report = await h.Notifier.NotifyExitAsync(Samples.StopLossExit(signal), None);

        Assert.Equal((0, 1), (report.Edited, report.Failed));
        Assert.Contains(h.Logs.Lines, l => l.Contains("message to edit not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_ArrivesBeforeTheEntry_EntryAlertAlreadyShowsTheExit()
    {
        await using var h = TelegramHarness.Start();
        await h.SubscribeAsync(7);
        var signal = Samples.BtcLong();
        var trade = Samples.StopLossExit(signal);

        var exitReport = await h.Notifier.NotifyExitAsync(trade, None);
        await h.Notifier.NotifyEntryAsync(signal, null, None);

        Assert.Equal(0, exitReport.Edited);
        var sent = Assert.Single(h.Api.Calls("sendMessage"));
        Assert.Contains("❌ <b>EXIT LONG</b>", sent.Field("text"));
        Assert.Empty(h.Api.Calls("editMessageText"));
    }

    [Fact]
    public void Options_BadLease_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new NotifierOptions { Lease = TimeSpan.FromSeconds(1) }.Validate());

        Assert.Contains("lease", e.Message);
    }

    private static async Task<object> Run(Func<Task<NotificationReport>> work)
    {
        try
        {
            return await work();
        }
        catch (AlertPendingException e)
        {
            return e;
        }
    }

    private static int MaxInWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var max = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[j] >= window)
            {
                j++;
            }

            max = Math.Max(max, i - j + 1);
        }

        return max;
    }
}
