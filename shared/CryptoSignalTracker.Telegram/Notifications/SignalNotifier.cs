using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types.ReplyMarkups;

namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>
/// Turns trade-signals events into Telegram messages: one alert per signal and subscribed chat (allow-list plus
/// <see cref="NotifierOptions.AlertChatIds"/>, minus chats that muted the symbol or blocked the bot), exactly once
/// under duplicate and concurrent deliveries (see <see cref="DeliveryClaims"/>), and on exit the alert edited in
/// place. Throws <see cref="RetryableNotificationException"/> when the event must be redelivered (Telegram down,
/// another instance mid-send) and <see cref="UnprocessableMessageException"/> when a chat's attempts are used up.
/// <para>
/// Order of writes per chat: claim (create-if-absent) → send → alert log (message id) → claim marked sent. A crash
/// after the send but before the alert-log write is the one window in which a redelivery (after the lease) sends a
/// second copy: alerts are at-least-once there, exactly-once everywhere else. Releasing a claim after a failed or
/// timed-out request is the same choice: a request that timed out but did reach Telegram can produce a duplicate,
/// a lost alert cannot happen.
/// </para>
/// </summary>
public sealed class SignalNotifier
{
    private readonly TelegramGateway _gateway;
    private readonly IAlertLog _alertLog;
    private readonly BotState _state;
    private readonly DeliveryClaims _claims;
    private readonly AlertFormatter _formatter;
    private readonly NotifierOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SignalNotifier> _logger;

    /// <summary>Creates the notifier.</summary>
    public SignalNotifier(
        TelegramGateway gateway,
        IAlertLog alertLog,
        BotState state,
        DeliveryClaims claims,
        AlertFormatter formatter,
        NotifierOptions options,
        TimeProvider timeProvider,
        ILogger<SignalNotifier> logger)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _alertLog = alertLog ?? throw new ArgumentNullException(nameof(alertLog));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _claims = claims ?? throw new ArgumentNullException(nameof(claims));
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Handles one event (entry or exit).</summary>
    public Task<NotificationReport> HandleAsync(SignalNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Entry is { } signal
            ? NotifyEntryAsync(signal, notification.Bias, cancellationToken)
            : NotifyExitAsync(notification.Exit!, cancellationToken);
    }

    /// <summary>Sends the entry alert of <paramref name="signal"/> to every subscribed chat that does not have it yet.</summary>
    public async Task<NotificationReport> NotifyEntryAsync(Signal signal, MacroBias? bias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var key = SignalKeys.Of(signal.Id);
        var stored = await _state.SaveSignalAsync(key, new StoredSignal(signal, bias, _formatter.Entry(signal, bias)), cancellationToken).ConfigureAwait(false);
        var keyboard = AlertFormatter.ChartKeyboard(signal.Id);
        var delivered = await DeliveredChatsAsync(signal.Id, cancellationToken).ConfigureAwait(false);
        var (targets, skipped) = await TargetsAsync(signal.Symbol, cancellationToken).ConfigureAwait(false);

        int sent = 0, already = 0, failed = 0, pending = 0, exhausted = 0;
        var queue = new Queue<long>(targets);
        while (queue.TryDequeue(out var chat))
        {
            if (delivered.Contains(chat))
            {
                already++;
                continue;
            }

            var claim = await _claims.TryAcquireAsync(signal.Id, chat, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case ClaimStatus.AlreadySent:
                    already++;
                    continue;
                case ClaimStatus.AlreadyFailed:
                    failed++;
                    continue;
                case ClaimStatus.HeldElsewhere:
                    pending++;
                    continue;
                case ClaimStatus.Exhausted:
                    exhausted++;
                    _logger.LogError("Alert {SignalId} to chat {ChatId}: all {Attempts} delivery attempts used up", signal.Id, chat, _options.MaxAttempts);
                    continue;
            }

            var outcome = await DeliverAsync(stored, key, chat, claim.Claim!, keyboard, cancellationToken).ConfigureAwait(false);
            switch (outcome.Result)
            {
                case DeliveryResult.Sent:
                    sent++;
                    break;
                case DeliveryResult.AlreadyThere:
                    already++;
                    break;
                case DeliveryResult.Pending:
                    pending++;
                    break;
                default:
                    failed++;
                    break;
            }

            if (outcome.MigratedTo is long newChat && !delivered.Contains(newChat))
            {
                queue.Enqueue(newChat);
            }
        }

        _logger.LogInformation(
            "Alert {SignalId} {Symbol}: sent {Sent}, already {Already}, skipped {Skipped}, failed {Failed}, pending {Pending}",
            signal.Id, signal.Symbol, sent, already, skipped, failed + exhausted, pending);
        if (pending > 0)
        {
            throw new AlertPendingException(signal.Id, pending);
        }

        if (exhausted > 0)
        {
            throw new UnprocessableMessageException($"alert {signal.Id}: {exhausted} chat(s) used up all {_options.MaxAttempts} delivery attempts");
        }

        return new NotificationReport(signal.Id, sent, already, 0, skipped, failed);
    }

    /// <summary>Records <paramref name="trade"/> and edits every alert of its signal to show the exit.</summary>
    public async Task<NotificationReport> NotifyExitAsync(ClosedTrade trade, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var key = SignalKeys.Of(trade.SignalId);

        // Record first, list deliveries second; the entry path records its delivery first and looks for the exit
        // second. Whatever the interleaving, one of the two sees the other, so no alert stays unedited.
        await _state.SaveExitAsync(key, trade, cancellationToken).ConfigureAwait(false);
        var stored = await _state.GetSignalAsync(key, cancellationToken).ConfigureAwait(false);
        var deliveries = await _alertLog.ListAsync(trade.SignalId, cancellationToken).ConfigureAwait(false);
        if (stored is null || deliveries.Count == 0)
        {
            _logger.LogInformation("Exit {SignalId}: no alert sent yet; the entry alert will include the exit when it goes out", trade.SignalId);
            return new NotificationReport(trade.SignalId, 0, 0, 0, 0, 0);
        }

        var text = _formatter.WithExit(stored.EntryHtml, trade);
        var keyboard = AlertFormatter.ChartKeyboard(trade.SignalId);
        int edited = 0, skipped = 0, failed = 0;
        foreach (var d in deliveries)
        {
            if (await _state.IsBlockedAsync(d.ChatId, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
                continue;
            }

            if (await EditAsync(d.ChatId, d.MessageId, text, keyboard, trade.SignalId, cancellationToken).ConfigureAwait(false))
            {
                edited++;
            }
            else
            {
                failed++;
            }
        }

        _logger.LogInformation("Exit {SignalId} {Symbol} {Reason}: edited {Edited}, skipped {Skipped}, failed {Failed}",
            trade.SignalId, trade.Symbol, WireNames.Of(trade.Reason), edited, skipped, failed);
        return new NotificationReport(trade.SignalId, 0, 0, edited, skipped, failed);
    }

    private async Task<HashSet<long>> DeliveredChatsAsync(string signalId, CancellationToken cancellationToken) =>
        [.. (await _alertLog.ListAsync(signalId, cancellationToken).ConfigureAwait(false)).Select(d => d.ChatId)];

    private async Task<(List<long> Targets, int Skipped)> TargetsAsync(string symbol, CancellationToken cancellationToken)
    {
        var chats = (await _state.ListChatsAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.ChatId)
            .Concat(_options.AlertChatIds).Distinct().Order().ToList();
        var targets = new List<long>(chats.Count);
        var skipped = 0;
        foreach (var chat in chats)
        {
            if (await _state.IsBlockedAsync(chat, cancellationToken).ConfigureAwait(false)
                || await _state.IsMutedAsync(chat, symbol, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
                continue;
            }

            targets.Add(chat);
        }

        return (targets, skipped);
    }

    private async Task<(DeliveryResult Result, long? MigratedTo)> DeliverAsync(
        StoredSignal stored, string key, long chat, DeliveryClaim claim, InlineKeyboardMarkup keyboard,
        CancellationToken cancellationToken)
    {
        var signalId = stored.Signal.Id;

        // A previous holder may have sent and logged the alert, then crashed before marking its claim.
        if ((await DeliveredChatsAsync(signalId, cancellationToken).ConfigureAwait(false)).Contains(chat))
        {
            await _claims.CompleteAsync(claim, DeliveryClaimState.Sent, 0, "found in the alert log", cancellationToken).ConfigureAwait(false);
            return (DeliveryResult.AlreadyThere, null);
        }

        var exit = await _state.GetExitAsync(key, cancellationToken).ConfigureAwait(false);
        var text = exit is null ? stored.EntryHtml : _formatter.WithExit(stored.EntryHtml, exit);
        TelegramResult result;
        try
        {
            result = await _gateway.SendTextAsync(
                chat, text, keyboard, DateTimeOffset.FromUnixTimeMilliseconds(claim.LeaseUntilMs), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TelegramUnavailableException or OperationCanceledException)
        {
            // Nothing (knowingly) went out: let the next delivery take over at once instead of waiting for the lease.
            await _claims.CompleteAsync(claim, DeliveryClaimState.Released, 0, e.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        switch (result.Outcome)
        {
            case TelegramOutcome.Done:
                await _alertLog.RecordAsync(new AlertDelivery(signalId, chat, result.MessageId, now), cancellationToken).ConfigureAwait(false);
                await _claims.CompleteAsync(claim, DeliveryClaimState.Sent, result.MessageId, null, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Alert {SignalId} sent to chat {ChatId} as message {MessageId}", signalId, chat, result.MessageId);
                if (exit is null && await _state.GetExitAsync(key, cancellationToken).ConfigureAwait(false) is { } lateExit)
                {
                    // The exit arrived while we were sending: it may have found no delivery to edit yet.
                    await EditAsync(chat, result.MessageId, _formatter.WithExit(stored.EntryHtml, lateExit), keyboard, signalId, cancellationToken).ConfigureAwait(false);
                }

                return (DeliveryResult.Sent, null);
            case TelegramOutcome.DeadlinePassed:
                await _claims.CompleteAsync(claim, DeliveryClaimState.Released, 0, result.Description, cancellationToken).ConfigureAwait(false);
                return (DeliveryResult.Pending, null);
            case TelegramOutcome.Blocked or TelegramOutcome.ChatGone:
                await _state.MarkBlockedAsync(chat, result.Description ?? result.Outcome.ToString(), now, cancellationToken).ConfigureAwait(false);
                await _claims.CompleteAsync(claim, DeliveryClaimState.Failed, 0, result.Description, cancellationToken).ConfigureAwait(false);
                _logger.LogWarning("Chat {ChatId} blocked the bot or is gone ({Description}); it gets no more alerts", chat, result.Description);
                return (DeliveryResult.Failed, null);
            case TelegramOutcome.Migrated:
                await _claims.CompleteAsync(claim, DeliveryClaimState.Failed, 0, $"migrated to {result.MigratedToChatId}", cancellationToken).ConfigureAwait(false);
                await MoveChatAsync(chat, result.MigratedToChatId, now, cancellationToken).ConfigureAwait(false);
                return (DeliveryResult.Failed, result.MigratedToChatId);
            default:
                await _claims.CompleteAsync(claim, DeliveryClaimState.Failed, 0, result.Description, cancellationToken).ConfigureAwait(false);
                return (DeliveryResult.Failed, null);
        }
    }

    private async Task MoveChatAsync(long from, long to, long nowMs, CancellationToken cancellationToken)
    {
        var old = await _state.GetChatAsync(from, cancellationToken).ConfigureAwait(false);
        if (old is not null)
        {
            await _state.AddChatAsync(old with { ChatId = to, AddedAtMs = nowMs }, cancellationToken).ConfigureAwait(false);
            await _state.RemoveChatAsync(from, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("Group {ChatId} became supergroup {NewChatId}; the allow-list follows it", from, to);
    }

    private async Task<bool> EditAsync(
        long chat, long messageId, string text, InlineKeyboardMarkup keyboard, string signalId, CancellationToken cancellationToken)
    {
        var result = await _gateway.EditTextAsync(chat, checked((int)messageId), text, keyboard, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case TelegramOutcome.Done or TelegramOutcome.NotModified:
                return true;
            case TelegramOutcome.Blocked or TelegramOutcome.ChatGone:
                await _state.MarkBlockedAsync(chat, result.Description ?? result.Outcome.ToString(), _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
                return false;
            default:
                _logger.LogWarning("Exit edit of alert {SignalId} in chat {ChatId} failed: {Description}", signalId, chat, result.Description);
                return false;
        }
    }

    private enum DeliveryResult
    {
        Sent,
        AlreadyThere,
        Pending,
        Failed,
    }
}
