using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Sending;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>
/// Settings of <see cref="LocalBot"/>, read by <see cref="FromEnvironment"/> from the same variables the Notifier and
/// TelegramWebhook functions use, through the same <see cref="TelegramSettings"/>: <c>TELEGRAM_BOT_TOKEN</c> (none →
/// alerts on the console), <c>TELEGRAM_OWNER_CHAT_IDS</c> (comma separated owner user ids; required with a token; owners
/// also get every alert in their private chat), <c>Telegram__Notifier__AlertChatIds</c> (more chats that always get
/// alerts), <c>Telegram__ApiBaseUrl</c> (another Bot API server, e.g. a test fake; default Telegram's), and
/// <c>Telegram__Bot__BotUsername</c> (optional). The token is never part of any message this class produces.
/// </summary>
public sealed class LocalBotSettings
{
    /// <summary>Environment variable of the bot's username (configuration key <c>Telegram:Bot:BotUsername</c>).</summary>
    public const string BotUsernameVariable = "Telegram__Bot__BotUsername";

    /// <summary>Name of the bus subscription the local notifier reads <c>trade-signals-micro</c> through.</summary>
    public const string DefaultSubscriptionName = "cst-run-notifier";

    /// <summary>Where undeliverable alerts go (the same dead-letter topic the Cloud Notifier uses).</summary>
    public const string DeadLetterTopic = TradeSignalMessageCodec.Topic + "-dead-letter";

    /// <summary>Token, owners, alert chats and Bot API server (the functions' <see cref="TelegramSettings"/>). Default none: console alerts.</summary>
    public TelegramSettings Telegram { get; init; } = new();

    /// <summary>The bot's username without <c>@</c>; commands addressed to another bot are ignored. Default null (accept any).</summary>
    public string? BotUsername { get; init; }

    /// <summary>Send queue limits and retries. Default <see cref="SendQueueOptions"/>' defaults.</summary>
    public SendQueueOptions SendQueue { get; init; } = new();

    /// <summary>Long-polling settings. Default <see cref="TelegramPollingOptions"/>' defaults.</summary>
    public TelegramPollingOptions Polling { get; init; } = new();

    /// <summary>Alert wording. Default <see cref="AlertFormatOptions"/>' defaults.</summary>
    public AlertFormatOptions Alerts { get; init; } = new();

    /// <summary>
    /// The 📊 charts the bot answers with: size, candle cap, and the strategy whose RSI period and thresholds they draw
    /// (<c>cst run --config</c>'s, so a custom config's charts show its own levels). Default the champion's.
    /// </summary>
    public CandleChartOptions Charts { get; init; } = new();

    /// <summary>
    /// The subscription on <c>trade-signals-micro</c>: <see cref="DefaultSubscriptionName"/>, dead letters to
    /// <see cref="DeadLetterTopic"/>, 20 attempts with 10 s..5 min backoff (Telegram may be down for an hour before an
    /// alert is given up), ordered per key.
    /// </summary>
    public BusSubscription Subscription { get; init; } = new()
    {
        Name = DefaultSubscriptionName,
        Topic = TradeSignalMessageCodec.Topic,
        DeadLetterTopic = DeadLetterTopic,
        MaxDeliveryAttempts = 20,
        MinimumBackoff = TimeSpan.FromSeconds(10),
        MaximumBackoff = TimeSpan.FromMinutes(5),
    };

    /// <summary>Telegram when a token is set, else the console.</summary>
    public LocalBotMode Mode => string.IsNullOrWhiteSpace(Telegram?.Token) ? LocalBotMode.Console : LocalBotMode.Telegram;

    /// <summary>Reads the settings from environment variables (or <paramref name="variables"/>, e.g. a dictionary in tests).</summary>
    /// <exception cref="InvalidOperationException">A variable is malformed, or a token is set without owners; the message names the variable.</exception>
    public static LocalBotSettings FromEnvironment(Func<string, string?>? variables = null, CandleChartOptions? charts = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var username = variables(BotUsernameVariable);
        var settings = new LocalBotSettings
        {
            Telegram = TelegramSettings.FromEnvironment(variables),
            BotUsername = string.IsNullOrWhiteSpace(username) ? null : username.Trim().TrimStart('@'),
            Charts = charts ?? new CandleChartOptions(),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting that is wrong (never showing the token).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Telegram, nameof(Telegram));
        Telegram.Validate();
        if (Mode == LocalBotMode.Telegram)
        {
            Telegram.RequireOwners();
        }

        ArgumentNullException.ThrowIfNull(SendQueue, nameof(SendQueue));
        ArgumentNullException.ThrowIfNull(Polling, nameof(Polling));
        ArgumentNullException.ThrowIfNull(Alerts, nameof(Alerts));
        ArgumentNullException.ThrowIfNull(Charts, nameof(Charts));
        ArgumentNullException.ThrowIfNull(Subscription, nameof(Subscription));
        try
        {
            SendQueue.Validate();
            Polling.Validate();
            Alerts.Validate();
            Subscription.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"local bot settings: {e.Message}", e);
        }

        if (Subscription.Topic != TradeSignalMessageCodec.Topic)
        {
            throw new InvalidOperationException($"the local notifier's subscription must read {TradeSignalMessageCodec.Topic}, not {Subscription.Topic}");
        }
    }
}
