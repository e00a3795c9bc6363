using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;
using NotifierFunction = CryptoSignalTracker.Functions.Notifier.Function;

namespace CryptoSignalTracker.Functions.Tests;

public sealed class NotifierFunctionTests
{
    private static readonly string[] TwoChats = ["--Telegram:Notifier:AlertChatIds=111, 222"];

    [Fact]
    public async Task HandleAsync_EntryDeliveredTwice_SendsOneAlertPerChat()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), TwoChats);
        var entry = TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), Sample.Bias());

        using var first = await rig.PushAsync(entry, "1");
        using var second = await rig.PushAsync(entry, "1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var sends = rig.Bot.Calls("sendMessage");
        Assert.Equal([111L, 222L], sends.Select(s => s.ChatId).Order());
        Assert.All(sends, s => Assert.Contains("LONG SIGNAL", s.Field("text"), StringComparison.Ordinal));
        Assert.All(sends, s => Assert.Equal(FunctionRig.Token, s.Token));
    }

    [Fact]
    public async Task HandleAsync_OwnerNotYetStored_SendsTheOwnerTheAlert()
    {
        // Terraform gives every function TELEGRAM_OWNER_CHAT_IDS; an owner who never wrote to the bot is in no
        // stored allow-list, and still gets the alert in their private chat.
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), "--TELEGRAM_OWNER_CHAT_IDS=42");
        var entry = TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), Sample.Bias());

        using var response = await rig.PushAsync(entry, "1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var send = Assert.Single(rig.Bot.Calls("sendMessage"));
        Assert.Equal(42L, send.ChatId);
        Assert.Contains("LONG SIGNAL", send.Field("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_OwnerAlsoAnAlertChat_SendsOneAlertPerChat()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), "--TELEGRAM_OWNER_CHAT_IDS=111, 42", TwoChats[0]);
        var entry = TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), Sample.Bias());

        using var response = await rig.PushAsync(entry, "1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([42L, 111L, 222L], rig.Bot.Calls("sendMessage").Select(s => s.ChatId).Order());
    }

    [Fact]
    public async Task HandleAsync_EntryDeliveredTwiceAtOnce_SendsOneAlertPerChat()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), TwoChats);
        rig.Bot.Latency = TimeSpan.FromMilliseconds(200);
        var entry = TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), null);

        var responses = await Task.WhenAll(rig.PushAsync(entry, "1"), rig.PushAsync(entry, "1"));
        var redelivered = await rig.PushAsync(entry, "1");
        for (var attempt = 0; attempt < 50 && redelivered.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            // as Pub/Sub would: redeliver until the claims still held by the other request are settled
            redelivered.Dispose();
            await Task.Delay(100);
            redelivered = await rig.PushAsync(entry, "1");
        }

        // Claims are per chat: a delivery that meets the other's live claim answers 503 (retry later) once it has
        // sent its own; the redelivery after both finished finds every claim sent and sends nothing more.
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, r.StatusCode.ToString()));
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal([111L, 222L], rig.Bot.Calls("sendMessage").Select(s => s.ChatId).Order());
        redelivered.Dispose();
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task HandleAsync_ExitAfterEntry_EditsEveryAlert()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), TwoChats);
        using var entry = await rig.PushAsync(TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), null), "1");
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);

        using var exit = await rig.PushAsync(TradeSignalMessageCodec.EncodeExit(Sample.Exit()), "2");

        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        var sends = rig.Bot.Calls("sendMessage");
        var edits = rig.Bot.Calls("editMessageText");
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends.Select(s => s.ChatId).Order(), edits.Select(e => e.ChatId).Order());
        Assert.All(edits, e => Assert.Contains("EXIT LONG", e.Field("text"), StringComparison.Ordinal));
        Assert.All(edits, e => Assert.Contains("time limit reached", e.Field("text"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_MalformedPayload_IsUnprocessableAndSendsNothing()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(NotifierFunction), TwoChats);

        using var response = await rig.PushAsync(Encoding.UTF8.GetBytes("""{"v":1,"type":"ENTRY","signal":{"id":"x"}}"""), "1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(rig.Bot.Requests);
    }

    [Fact]
    public async Task HandleAsync_TelegramDown_Answers503SoPubSubRedelivers()
    {
        await using var rig = await FunctionRig.StartAsync(
            typeof(NotifierFunction),
            [.. TwoChats, "--Telegram:SendQueue:MaxTransientRetries=0", "--Telegram:SendQueue:BackoffBase=00:00:00.010"]);
        rig.Bot.Responder = _ => FakeReply.Error(502, "Bad Gateway");

        using var response = await rig.PushAsync(TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), null), "1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var failedCalls = rig.Bot.Requests.Count;
        Assert.NotEqual(0, failedCalls);
        rig.Bot.Responder = null;
        using var redelivered = await rig.PushAsync(TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), null), "1");
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        var resent = rig.Bot.Requests.Skip(failedCalls).Where(r => r.Method == "sendMessage").Select(r => r.ChatId).Order();
        Assert.Equal([111L, 222L], resent);
    }
}
