using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Telegram.Formatting;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary><c>/dashboard</c>: a personal sign-in link to the dashboard, only in a private chat.</summary>
public sealed partial class BotCommandHandler
{
    private async Task<UpdateOutcome> DashboardAsync(Chat chat, long userId, CancellationToken cancellationToken)
    {
        if (chat.Type != ChatType.Private)
        {
            // A link signs its holder in: never post one where other members can read it.
            await ReplyAsync(chat.Id, "🔒 The dashboard link is personal: send /dashboard to me in a private chat.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        if (_dashboard is null)
        {
            await ReplyAsync(
                chat.Id,
                $"The dashboard is not set up for this bot (it needs {BotOptions.Section}:{nameof(BotOptions.DashboardUrl)} and {DashboardAccess.KeyVariable}; see docs/dashboard.md).",
                cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        var link = _dashboard.LinkFor(userId);
        var minutes = (int)DashboardAccess.LinkLifetime.TotalMinutes;
        await ReplyAsync(
            chat.Id,
            $"📈 <a href=\"{TelegramHtml.Escape(link.AbsoluteUri)}\">Open the dashboard</a>\nThe link signs you in; it works for {minutes} minutes and only for you. Do not forward it.",
            cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Dashboard link sent to user {UserId} (valid {Minutes} min)", userId, minutes);
        return UpdateOutcome.Handled;
    }
}
