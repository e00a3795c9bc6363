using System.Globalization;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Functions.TelegramWebhook;

/// <summary>
/// The webhook's settings from configuration: <c>TELEGRAM_BOT_TOKEN</c> and <c>TELEGRAM_WEBHOOK_SECRET</c> (required,
/// from Secret Manager), <c>TELEGRAM_OWNER_CHAT_IDS</c> (comma separated owner user ids, added to
/// <c>Telegram:Bot:OwnerUserIds</c>; at least one in all), <c>Telegram:ApiBaseUrl</c> (optional Bot API server;
/// default Telegram's) and <c>SYMBOLS</c> (for <c>/status</c>; default the 9).
/// </summary>
public sealed class WebhookSettings
{
    /// <summary>Configuration key of the bot token.</summary>
    public const string TokenKey = "TELEGRAM_BOT_TOKEN";

    /// <summary>Configuration key of the webhook secret token.</summary>
    public const string SecretKey = "TELEGRAM_WEBHOOK_SECRET";

    /// <summary>Configuration key of the owners' user ids.</summary>
    public const string OwnersKey = "TELEGRAM_OWNER_CHAT_IDS";

    /// <summary>Configuration key of the Bot API base URL.</summary>
    public const string ApiBaseUrlKey = "Telegram:ApiBaseUrl";

    /// <summary>Configuration key of the symbols <c>/status</c> reports.</summary>
    public const string SymbolsKey = SymbolsSetting.Key;

    /// <summary>The bot token.</summary>
    public required string Token { get; init; }

    /// <summary>The secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c>.</summary>
    public required string WebhookSecret { get; init; }

    /// <summary>Owner user ids from <c>TELEGRAM_OWNER_CHAT_IDS</c>.</summary>
    public required IReadOnlyList<long> OwnerUserIds { get; init; }

    /// <summary>The Bot API base URL; null means Telegram's.</summary>
    public Uri? ApiBaseUrl { get; init; }

    /// <summary>Symbols <c>/status</c> reports.</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static WebhookSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var baseUrlText = configuration[ApiBaseUrlKey];
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(baseUrlText) && !Uri.TryCreate(baseUrlText, UriKind.Absolute, out baseUrl))
        {
            throw new InvalidOperationException($"{ApiBaseUrlKey} '{baseUrlText}' is not an absolute URL");
        }

        var symbols = SymbolsSetting.ReadOrDefault(configuration);
        var secret = Required(configuration, SecretKey);
        try
        {
            CryptoSignalTracker.Telegram.Commands.WebhookSecret.Validate(secret);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{SecretKey}: {e.Message}", e);
        }

        return new WebhookSettings
        {
            Token = Required(configuration, TokenKey),
            WebhookSecret = secret,
            OwnerUserIds = Ids(configuration[OwnersKey]),
            ApiBaseUrl = baseUrl,
            Symbols = symbols,
        };
    }

    private static string Required(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"{key} is not set") : value.Trim();
    }

    private static IReadOnlyList<long> Ids(string? text)
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
                : throw new InvalidOperationException($"{OwnersKey}: '{part}' is not a user id"));
        }

        return ids;
    }
}
