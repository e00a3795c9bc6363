using System.Globalization;
using System.Security.Cryptography;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>The allow-list: owners' /start, /invite and /allowgroup, and everyone's /verify.</summary>
public sealed partial class BotCommandHandler
{
    /// <summary>
    /// Digits of an invite code: 16, so that even the highest bot-wide <c>/verify</c> limit
    /// (<see cref="BotOptions.MaxGlobalVerifyAttemptsPerHour"/>) gives a guesser below one chance in a million per year
    /// (the arithmetic is in docs/telegram.md, "Invite codes"). Six digits fell to about 8 % per hour.
    /// </summary>
    public const int InviteDigits = 16;

    private const int InviteCodeTries = 8;

    private async Task<UpdateOutcome> OwnerCommandAsync(Chat chat, long ownerId, ParsedCommand command, CancellationToken cancellationToken)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        switch (command.Name)
        {
            case "start":
                if (chat.Type == ChatType.Private)
                {
                    await _state.AddChatAsync(new AllowedChat(chat.Id, ChatKind.Private, ownerId, nowMs), cancellationToken).ConfigureAwait(false);
                }

                await _state.UnblockAsync(chat.Id, cancellationToken).ConfigureAwait(false);
                await ReplyAsync(chat.Id, HelpText, cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;

            case "allowgroup":
                if (!IsGroup(chat))
                {
                    await ReplyAsync(chat.Id, "Send /allowgroup inside the group that should get alerts.", cancellationToken).ConfigureAwait(false);
                    return UpdateOutcome.Handled;
                }

                var added = await _state.AddChatAsync(new AllowedChat(chat.Id, ChatKind.Group, ownerId, nowMs), cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Owner {UserId} allowed group {ChatId} (new: {Added})", ownerId, chat.Id, added);
                await ReplyAsync(chat.Id, added ? "✅ This group now gets alerts and may use the bot's commands." : "This group is already allowed.", cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;

            default: // invite
                if (chat.Type != ChatType.Private)
                {
                    // A code posted in a group could be used by any member of it.
                    await ReplyAsync(chat.Id, "Send /invite in your private chat with the bot: a code posted here could be used by anyone in this chat.", cancellationToken).ConfigureAwait(false);
                    return UpdateOutcome.Handled;
                }

                for (var i = 0; i < InviteCodeTries; i++)
                {
                    var code = RandomNumberGenerator.GetString("0123456789", InviteDigits);
                    var invite = new InviteCode(code, ownerId, nowMs, nowMs + (long)_options.InviteLifetime.TotalMilliseconds);
                    if (await _state.CreateInviteAsync(invite, cancellationToken).ConfigureAwait(false))
                    {
                        _logger.LogInformation("Owner {UserId} created an invite valid until {ExpiresAt}", ownerId, PriceText.UtcMinute(invite.ExpiresAtMs));
                        await ReplyAsync(
                            chat.Id,
                            $"🎟 Invite code <code>{code}</code>\nSingle use, valid until {PriceText.UtcMinute(invite.ExpiresAtMs)}.\n" +
                            $"The invitee sends <code>/verify {code}</code> to the bot in a private chat.",
                            cancellationToken).ConfigureAwait(false);
                        return UpdateOutcome.Handled;
                    }
                }

                await ReplyAsync(chat.Id, "Could not create a unique code; try again.", cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Failed;
        }
    }

    private async Task<UpdateOutcome> VerifyAsync(Chat chat, long userId, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (chat.Type != ChatType.Private)
        {
            await ReplyToStrangerAsync(chat.Id, "Send /verify CODE to the bot in a private chat.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        if (IsOwner(userId) || await _state.GetChatAsync(chat.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            await ReplyAsync(chat.Id, "You are already verified. Send /help for the commands.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        // Counted before the code is looked at, atomically: a burst of guesses cannot pass the limits.
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var attempt = await _state.TryCountVerifyAttemptAsync(
            userId, nowMs, _options.MaxVerifyAttemptsPerHour, _options.MaxVerifyAttemptsPerHourGlobal, cancellationToken).ConfigureAwait(false);
        if (attempt != VerifyAttempt.Counted)
        {
            _logger.LogWarning(
                "User {UserId}: /verify refused unread, {Limit} reached this hour", userId, attempt == VerifyAttempt.UserLimit ? "the per-user limit" : "the bot-wide limit");
            await ReplyToStrangerAsync(
                chat.Id,
                attempt == VerifyAttempt.UserLimit ? "Too many attempts. Try again in an hour." : "Too many attempts on this bot right now. Try again in an hour.",
                cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Unauthorized;
        }

        var code = args.Count == 1 ? args[0] : string.Empty;
        var invite = code.Length == InviteDigits && code.All(char.IsAsciiDigit)
            ? await _state.GetInviteAsync(code, cancellationToken).ConfigureAwait(false)
            : null;
        if (invite is not null && invite.ExpiresAtMs <= nowMs)
        {
            await _state.TryConsumeInviteAsync(code, cancellationToken).ConfigureAwait(false);
            await ReplyToStrangerAsync(chat.Id, "That invite code has expired. Ask the owner for a new one.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Unauthorized;
        }

        // Consuming is the single-use gate: of any number of parallel /verify with one code, exactly one deletes it.
        if (invite is null || !await _state.TryConsumeInviteAsync(code, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogInformation("User {UserId}: wrong or used invite code", userId);
            await ReplyToStrangerAsync(chat.Id, "That code is not valid (wrong, used or expired). Ask the owner for an invite.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Unauthorized;
        }

        await _state.AddChatAsync(new AllowedChat(chat.Id, ChatKind.Private, userId, nowMs), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("User {UserId} verified with an invite from {OwnerId}", userId, invite.CreatedBy);
        await ReplyAsync(chat.Id, "✅ Verified. You will get signal alerts here. Send /help for the commands.", cancellationToken).ConfigureAwait(false);
        return UpdateOutcome.Handled;
    }
}
