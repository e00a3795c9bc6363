using CryptoSignalTracker.Telegram.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram;

/// <summary>The one registration of the Telegram gateway both Telegram functions (Notifier, TelegramWebhook) use.</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TelegramSettings"/> (read from <paramref name="configuration"/> when first needed), one
    /// <see cref="SendRateLimiter"/> per process and the <see cref="TelegramGateway"/> (<see cref="TelegramGatewayFactory"/>).
    /// Needs <see cref="SendQueueOptions"/> and a <see cref="TimeProvider"/> registered (a function's <c>AddSettings</c> and
    /// backend do that). Lazy on purpose: a missing or malformed setting surfaces when the gateway is first built — the
    /// functions' <c>/health</c> answers 503 naming it — instead of stopping the process.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration the settings are read from.</param>
    /// <param name="requireWebhookSecret">True for the webhook: <c>TELEGRAM_WEBHOOK_SECRET</c> must be set (and is redacted from logs).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTelegramGateway(this IServiceCollection services, IConfiguration configuration, bool requireWebhookSecret = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ =>
        {
            var settings = TelegramSettings.Read(key => configuration[key]);
            settings.RequireToken();
            if (requireWebhookSecret)
            {
                settings.RequireWebhookSecret();
            }

            return settings;
        });
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton(sp => TelegramGatewayFactory.Create(
            sp.GetRequiredService<TelegramSettings>(),
            sp.GetRequiredService<SendQueueOptions>(),
            sp.GetRequiredService<SendRateLimiter>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TelegramGateway>>()));
        return services;
    }
}
