using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>
/// Answers the bot's commands and the <c>📊 Chart</c> button for one webhook update. Only allow-listed chats and
/// owners get answers; everyone else is told to ask the owner for an invite, and nothing more. All multi-user state
/// lives in <see cref="BotState"/>. <see cref="HandleAsync"/> never throws for a bad update or a failed reply (it
/// logs and returns an <see cref="UpdateOutcome"/>), so the webhook can always answer 200; only cancellation of
/// the caller's cancellation token propagates.
/// </summary>
public sealed partial class BotCommandHandler
{
    /// <summary>The scope duplicate update ids are claimed in (when an <see cref="IIdempotencyStore"/> is given).</summary>
    public const string UpdateScope = "telegram_updates";

    private const string AskOwner = "🔒 This bot is private. Ask the owner for an invite code, then send /verify CODE here.";

    private readonly TelegramGateway _gateway;
    private readonly BotState _state;
    private readonly IPositionBook _positions;
    private readonly IBiasStore _bias;
    private readonly ICandleStore _candles;
    private readonly IPipelineStatus _status;
    private readonly AlertFormatter _formatter;
    private readonly CandleChartRenderer _chartRenderer;
    private readonly EquityChartRenderer _equityRenderer;
    private readonly BotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotCommandHandler> _logger;
    private readonly IIdempotencyStore? _updates;
    private readonly DashboardLinks? _dashboard;

    /// <summary>
    /// Creates the handler. <paramref name="updates"/>, when given, drops updates whose id was seen before;
    /// <paramref name="dashboard"/>, when given, lets <c>/dashboard</c> answer with sign-in links.
    /// </summary>
    public BotCommandHandler(
        TelegramGateway gateway,
        BotState state,
        IPositionBook positions,
        IBiasStore bias,
        ICandleStore candles,
        IPipelineStatus status,
        AlertFormatter formatter,
        CandleChartRenderer chartRenderer,
        EquityChartRenderer equityRenderer,
        BotOptions options,
        TimeProvider timeProvider,
        ILogger<BotCommandHandler> logger,
        IIdempotencyStore? updates = null,
        DashboardLinks? dashboard = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _positions = positions ?? throw new ArgumentNullException(nameof(positions));
        _bias = bias ?? throw new ArgumentNullException(nameof(bias));
        _candles = candles ?? throw new ArgumentNullException(nameof(candles));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        _chartRenderer = chartRenderer ?? throw new ArgumentNullException(nameof(chartRenderer));
        _equityRenderer = equityRenderer ?? throw new ArgumentNullException(nameof(equityRenderer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _updates = updates;
        _dashboard = dashboard;
    }

    /// <summary>Handles one update; see the class remarks.</summary>
    public async Task<UpdateOutcome> HandleAsync(Update? update, CancellationToken cancellationToken)
    {
        try
        {
            if (update is null)
            {
                _logger.LogWarning("Telegram update rejected: the body is empty or JSON null");
                return UpdateOutcome.Malformed;
            }

            if (_updates is not null && update.Id > 0
                && !await _updates.TryClaimAsync(UpdateScope, update.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false))
            {
                _logger.LogInformation("Telegram update {UpdateId} seen before; ignored", update.Id);
                return UpdateOutcome.Ignored;
            }

            if (update.CallbackQuery is { } callback)
            {
                return await OnCallbackAsync(update.Id, callback, cancellationToken).ConfigureAwait(false);
            }

            if (update.Message is { } message)
            {
                return await OnMessageAsync(update.Id, message, cancellationToken).ConfigureAwait(false);
            }

            _logger.LogDebug("Telegram update {UpdateId} of type {Type} ignored", update.Id, update.Type);
            return UpdateOutcome.Ignored;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _logger.LogError("Telegram update {UpdateId} failed: {Error}", update?.Id, _gateway.Redactor.Describe(e));
            return UpdateOutcome.Failed;
        }
    }

    private async Task<UpdateOutcome> OnMessageAsync(int updateId, Message message, CancellationToken cancellationToken)
    {
        if (message.Chat is null || message.Chat.Id == 0)
        {
            _logger.LogWarning("Telegram update {UpdateId} rejected: message without a chat", updateId);
            return UpdateOutcome.Malformed;
        }

        var command = ParsedCommand.TryParse(message.Text, _options.BotUsername);
        if (command is null)
        {
            return UpdateOutcome.Ignored;
        }

        if (message.From is not { IsBot: false } from || from.Id <= 0)
        {
            _logger.LogWarning("Telegram update {UpdateId} rejected: command /{Command} without a (human) sender", updateId, command.Name);
            return UpdateOutcome.Malformed;
        }

        var chat = message.Chat;
        var owner = IsOwner(from.Id);
        if (command.Name == "verify")
        {
            return await VerifyAsync(chat, from.Id, command.Args, cancellationToken).ConfigureAwait(false);
        }

        if (owner && command.Name is "start" or "allowgroup" or "invite")
        {
            return await OwnerCommandAsync(chat, from.Id, command, cancellationToken).ConfigureAwait(false);
        }

        if (!owner && await _state.GetChatAsync(chat.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            _logger.LogInformation("Unauthorised /{Command} from user {UserId} in chat {ChatId}", command.Name, from.Id, chat.Id);
            await ReplyToStrangerAsync(chat.Id, AskOwner, cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Unauthorized;
        }

        switch (command.Name)
        {
            case "start":
                await _state.UnblockAsync(chat.Id, cancellationToken).ConfigureAwait(false);
                await ReplyAsync(chat.Id, HelpText, cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "help":
                await ReplyAsync(chat.Id, HelpText, cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "invite" or "allowgroup":
                await ReplyAsync(chat.Id, "Only the bot's owner can do that.", cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Unauthorized;
            case "status":
                await ReplyAsync(chat.Id, await StatusTextAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "positions":
                await ReplyAsync(chat.Id, await PositionsTextAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "last":
                await ReplyAsync(chat.Id, await LastTextAsync(command.Args, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "stats":
                await ReplyAsync(chat.Id, await StatsTextAsync(command.Args, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "bias":
                await ReplyAsync(chat.Id, await BiasTextAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "equity":
                await EquityAsync(chat.Id, cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "chart":
                await ChartAsync(chat.Id, command.Args, cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            case "dashboard":
                return await DashboardAsync(chat, from.Id, cancellationToken).ConfigureAwait(false);
            case "mute" or "unmute":
                await ReplyAsync(chat.Id, await MuteTextAsync(chat.Id, command.Name == "mute", command.Args, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
            default:
                await ReplyAsync(chat.Id, $"Unknown command /{TelegramHtml.Escape(command.Name)}. Send /help for the list.", cancellationToken).ConfigureAwait(false);
                return UpdateOutcome.Handled;
        }
    }

    private bool IsOwner(long userId) => _options.OwnerUserIds.Contains(userId);

    private static bool IsGroup(Chat chat) => chat.Type is ChatType.Group or ChatType.Supergroup;

    private async Task ReplyAsync(long chatId, string html, CancellationToken cancellationToken)
    {
        var result = await _gateway.SendTextAsync(
            chatId, TelegramHtml.FitLines(html, TelegramLimits.MessageText), null, null, cancellationToken).ConfigureAwait(false);
        if (result.Outcome is TelegramOutcome.Blocked or TelegramOutcome.ChatGone)
        {
            await _state.MarkBlockedAsync(chatId, result.Description ?? result.Outcome.ToString(), _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Longest a reply to a stranger may wait for its send slot (the global rate, never the chat's interval).</summary>
    public static readonly TimeSpan StrangerReplyMaxWait = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A reply to someone not (yet) allowed: sent only if its send slot comes within <see cref="StrangerReplyMaxWait"/>,
    /// so a stranger repeating commands cannot hold webhook requests open (each used to wait a second more than the
    /// last, past the webhook's timeout). A dropped reply is logged; the stranger had an answer within the last second.
    /// </summary>
    private async Task ReplyToStrangerAsync(long chatId, string html, CancellationToken cancellationToken)
    {
        var result = await _gateway.TrySendTextSoonAsync(
            chatId, TelegramHtml.FitLines(html, TelegramLimits.MessageText), StrangerReplyMaxWait, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == TelegramOutcome.Dropped)
        {
            _logger.LogInformation("Reply to chat {ChatId} dropped: {Reason}", chatId, result.Description);
        }
    }

    private const string HelpText = """
        <b>CryptoSignalTracker bot</b>
        /status – pipeline health
        /positions – open paper positions
        /last [N] – the last N signals
        /stats [24h|7d|30d] – closed trades, win rate, PnL
        /equity – equity curve
        /bias – macro bias per symbol
        /chart SYMBOL [minutes] – candlestick chart
        /mute SYMBOL, /unmute SYMBOL – alerts per symbol in this chat
        /dashboard – a personal link to the dashboard (private chat)
        Owners: /invite, /allowgroup (in a group)
        """;
}
