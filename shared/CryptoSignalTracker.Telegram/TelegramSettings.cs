using System.Globalization;

namespace CryptoSignalTracker.Telegram;

/// <summary>
/// The one reading of the Telegram settings the Notifier, the TelegramWebhook and <c>cst run</c>'s local bot share:
/// <c>TELEGRAM_BOT_TOKEN</c> (from Secret Manager), <c>TELEGRAM_WEBHOOK_SECRET</c> (the webhook's), <c>TELEGRAM_OWNER_CHAT_IDS</c>
/// (comma separated owner user ids, positive), <c>Telegram:Notifier:AlertChatIds</c> (comma separated fixed alert chats,
/// never 0) and <c>Telegram:ApiBaseUrl</c> (another Bot API server, e.g. a test fake; default Telegram's). Functions
/// read the configuration keys; <c>cst run</c> reads the same names as environment variables (<c>:</c> written
/// <c>__</c>). Every error names the key as it was read and never shows the token.
/// </summary>
public sealed class TelegramSettings
{
    /// <summary>Key of the bot token.</summary>
    public const string TokenKey = "TELEGRAM_BOT_TOKEN";

    /// <summary>Key of the webhook's secret token.</summary>
    public const string WebhookSecretKey = "TELEGRAM_WEBHOOK_SECRET";

    /// <summary>Key of the owners' user ids.</summary>
    public const string OwnersKey = "TELEGRAM_OWNER_CHAT_IDS";

    /// <summary>Key of the fixed alert chats.</summary>
    public const string AlertChatIdsKey = "Telegram:Notifier:AlertChatIds";

    /// <summary>Key of the Bot API base URL.</summary>
    public const string ApiBaseUrlKey = "Telegram:ApiBaseUrl";

    /// <summary>The bot token, or null when <see cref="TokenKey"/> is unset.</summary>
    public string? Token { get; init; }

    /// <summary>The webhook secret, or null when <see cref="WebhookSecretKey"/> is unset; checked when set.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Owner user ids (may invite, allow groups; always allowed; get every alert in their private chat).</summary>
    public IReadOnlyList<long> OwnerUserIds { get; init; } = [];

    /// <summary>More chats that always get alerts (groups, channels).</summary>
    public IReadOnlyList<long> AlertChatIds { get; init; } = [];

    /// <summary>The Bot API server; null means <c>https://api.telegram.org</c>.</summary>
    public Uri? ApiBaseUrl { get; init; }

    /// <summary>How a key is named in messages: itself (configuration) or <see cref="EnvironmentName"/> (read from the environment).</summary>
    private Func<string, string> Name { get; init; } = static key => key;

    /// <summary>Chats that always get alerts, outside the allow-list: the owners, then the fixed alert chats (no repeats).</summary>
    public IReadOnlyList<long> AlertRecipients => [.. OwnerUserIds.Concat(AlertChatIds).Distinct()];

    /// <summary>The name a key is read under from the environment: <c>Telegram:ApiBaseUrl</c> → <c>Telegram__ApiBaseUrl</c>.</summary>
    public static string EnvironmentName(string key) => (key ?? throw new ArgumentNullException(nameof(key))).Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Reads and checks the settings through <paramref name="value"/> (a configuration's indexer).</summary>
    /// <exception cref="InvalidOperationException">A setting is malformed; the message names it.</exception>
    public static TelegramSettings Read(Func<string, string?> value) => Read(value, static key => key);

    /// <summary>Reads and checks the settings from environment variables (or <paramref name="variables"/>, e.g. a dictionary in tests).</summary>
    /// <exception cref="InvalidOperationException">A variable is malformed; the message names it.</exception>
    public static TelegramSettings FromEnvironment(Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        return Read(key => variables(EnvironmentName(key)), EnvironmentName);
    }

    /// <summary>The token; throws naming <see cref="TokenKey"/> when it is unset.</summary>
    /// <exception cref="InvalidOperationException">No token is set.</exception>
    public string RequireToken() => Token ?? throw new InvalidOperationException($"{Name(TokenKey)} is not set");

    /// <summary>The webhook secret; throws naming <see cref="WebhookSecretKey"/> when it is unset.</summary>
    /// <exception cref="InvalidOperationException">No secret is set.</exception>
    public string RequireWebhookSecret() => WebhookSecret ?? throw new InvalidOperationException($"{Name(WebhookSecretKey)} is not set");

    /// <summary>The owners; throws naming <see cref="OwnersKey"/> when there is none (the bot answers only its owners and invited users).</summary>
    /// <exception cref="InvalidOperationException">No owner is set.</exception>
    public IReadOnlyList<long> RequireOwners() => OwnerUserIds.Count > 0
        ? OwnerUserIds
        : throw new InvalidOperationException(
            $"{Name(TokenKey)} is set but {Name(OwnersKey)} is empty: set it to your Telegram user id (the bot answers only its owners and invited users)");

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting that is wrong (never showing the token).</summary>
    public void Validate()
    {
        if (ApiBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"{Name(ApiBaseUrlKey)} '{url.OriginalString}' is not an absolute http(s) URL");
        }

        if (WebhookSecret is not null)
        {
            try
            {
                Commands.WebhookSecret.Validate(WebhookSecret);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{Name(WebhookSecretKey)}: {e.Message}", e);
            }
        }

        if (OwnerUserIds is null || AlertChatIds is null)
        {
            throw new InvalidOperationException($"{Name(OwnersKey)} and {Name(AlertChatIdsKey)} must be lists (empty for none)");
        }

        foreach (var id in OwnerUserIds.Where(id => id <= 0))
        {
            throw new InvalidOperationException($"{Name(OwnersKey)}: '{id}' is not a user id (owners are people, so their ids are positive)");
        }

        if (AlertChatIds.Contains(0))
        {
            throw new InvalidOperationException($"{Name(AlertChatIdsKey)}: '0' is not a chat id (Telegram chats are never 0)");
        }
    }

    private static TelegramSettings Read(Func<string, string?> value, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(value);
        var baseUrlText = value(ApiBaseUrlKey);
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(baseUrlText) && !Uri.TryCreate(baseUrlText.Trim(), UriKind.Absolute, out baseUrl))
        {
            throw new InvalidOperationException($"{name(ApiBaseUrlKey)} '{baseUrlText}' is not an absolute http(s) URL");
        }

        var settings = new TelegramSettings
        {
            Name = name,
            Token = Trimmed(value(TokenKey)),
            WebhookSecret = Trimmed(value(WebhookSecretKey)),
            OwnerUserIds = Ids(value(OwnersKey), name(OwnersKey), owners: true),
            AlertChatIds = Ids(value(AlertChatIdsKey), name(AlertChatIdsKey), owners: false),
            ApiBaseUrl = baseUrl,
        };
        settings.Validate();
        return settings;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A comma separated list of whole numbers (<see cref="Validate"/> checks their signs).</summary>
    private static IReadOnlyList<long> Ids(string? text, string name, bool owners)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidOperationException(owners
                    ? $"{name}: '{part}' is not a chat id ('{part}' is not a user id: owners are people, whose ids are positive whole numbers)"
                    : $"{name}: '{part}' is not a chat id (a whole number, negative for groups)");
            }

            ids.Add(id);
        }

        return ids;
    }
}
