using CryptoSignalTracker.Telegram.Security;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>The one way a <see cref="TelegramGateway"/> is built from <see cref="TelegramSettings"/>: the functions' registration and <c>cst run</c>'s local bot.</summary>
public static class TelegramGatewayFactory
{
    /// <summary>
    /// The gateway on a Bot API client for the settings' token and base URL (<see cref="TelegramClientFactory"/>), with the
    /// token and the webhook secret (when set) redacted from everything it logs.
    /// </summary>
    /// <exception cref="InvalidOperationException">No token is set; the message names <c>TELEGRAM_BOT_TOKEN</c>.</exception>
    /// <exception cref="ArgumentException">The token is not of the form <c>digits:secret</c> (the token is not shown).</exception>
    public static TelegramGateway Create(TelegramSettings settings, SendQueueOptions queue, SendRateLimiter limiter, TimeProvider timeProvider, ILogger<TelegramGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var token = settings.RequireToken();
        return new TelegramGateway(
            TelegramClientFactory.Create(token, settings.ApiBaseUrl, queue),
            limiter,
            queue,
            new SecretRedactor(token, settings.WebhookSecret),
            timeProvider,
            logger);
    }
}
