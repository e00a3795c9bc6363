using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Functions.Notifier;

/// <summary>
/// The Notifier's Telegram settings read from configuration: <c>TELEGRAM_BOT_TOKEN</c> (required, from Secret
/// Manager), <c>Telegram:ApiBaseUrl</c> (optional Bot API server, e.g. a local one in tests; default Telegram's) and
/// <c>Telegram:Notifier:AlertChatIds</c> (comma separated fixed chats, default none) and <c>TELEGRAM_OWNER_CHAT_IDS</c>
/// (the owners' user ids Terraform sets on every function; each owner gets every alert in their private chat, as
/// with <c>cst run</c>'s local bot, whether or not the bot has stored them yet).
/// </summary>
public sealed class TelegramSettings
{
    /// <summary>Configuration key of the bot token.</summary>
    public const string TokenKey = "TELEGRAM_BOT_TOKEN";

    /// <summary>Configuration key of the Bot API base URL.</summary>
    public const string ApiBaseUrlKey = "Telegram:ApiBaseUrl";

    /// <summary>Configuration key of the fixed alert chats.</summary>
    public const string AlertChatIdsKey = "Telegram:Notifier:AlertChatIds";

    /// <summary>Configuration key of the owners' user ids.</summary>
    public const string OwnersKey = "TELEGRAM_OWNER_CHAT_IDS";

    /// <summary>The bot token.</summary>
    public required string Token { get; init; }

    /// <summary>The Bot API base URL; null means Telegram's.</summary>
    public Uri? ApiBaseUrl { get; init; }

    /// <summary>Chats that always get alerts, outside the allow-list: the owners, then the fixed alert chats (no repeats).</summary>
    public required IReadOnlyList<long> AlertChatIds { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static TelegramSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var token = configuration[TokenKey];
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException($"{TokenKey} is not set");
        }

        var baseUrlText = configuration[ApiBaseUrlKey];
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(baseUrlText) && !Uri.TryCreate(baseUrlText, UriKind.Absolute, out baseUrl))
        {
            throw new InvalidOperationException($"{ApiBaseUrlKey} '{baseUrlText}' is not an absolute URL");
        }

        var owners = ChatIds(configuration[OwnersKey], OwnersKey);
        if (owners.Where(id => id <= 0).Select(id => (long?)id).FirstOrDefault() is { } notUser)
        {
            throw new InvalidOperationException($"{OwnersKey}: '{notUser}' is not a user id (owners are people, so their ids are positive)");
        }

        return new TelegramSettings
        {
            Token = token.Trim(),
            ApiBaseUrl = baseUrl,
            AlertChatIds = [.. owners.Concat(ChatIds(configuration[AlertChatIdsKey], AlertChatIdsKey)).Distinct()],
        };
    }

    /// <summary>Parses a comma separated list of chat ids (empty or null → none).</summary>
    /// <exception cref="InvalidOperationException">An entry is not an integer; the message names <paramref name="key"/>.</exception>
    public static IReadOnlyList<long> ChatIds(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ids.Add(long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new InvalidOperationException($"{key}: '{part}' is not a chat id"));
        }

        return ids;
    }
}
