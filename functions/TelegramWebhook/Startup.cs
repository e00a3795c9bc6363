using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Security;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.TelegramWebhook;

/// <summary>
/// The webhook's services, as docs/telegram.md "Wiring" lists them: one send queue per process, the gateway, the
/// bot state on the backend's state store, the <see cref="BotCommandHandler"/> deduplicating update ids with the
/// idempotency store. Settings: <see cref="WebhookSettings"/>, sections <c>Telegram:Bot</c> (owners from
/// <c>TELEGRAM_OWNER_CHAT_IDS</c> are added), <c>Telegram:SendQueue</c>, <c>Telegram:Alerts</c>. All lazy.
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddSingleton<IFunctionHealthCheck>(sp => new SettingsHealthCheck<BotCommandHandler>(sp));
        services.AddSingleton(_ => WebhookSettings.Read(configuration));
        services.AddSettings<SendQueueOptions>(configuration, SendQueueOptions.Section, o => o.Validate());
        services.AddSettings<AlertFormatOptions>(configuration, AlertFormatOptions.Section, o => o.Validate());
        services.AddSingleton(sp =>
        {
            var configured = configuration.GetSection(BotOptions.Section).Get<BotOptions>() ?? new BotOptions();
            var owners = configured.OwnerUserIds.Concat(sp.GetRequiredService<WebhookSettings>().OwnerUserIds).Distinct().ToList();
            var options = new BotOptions
            {
                OwnerUserIds = owners,
                BotUsername = configured.BotUsername,
                InviteLifetime = configured.InviteLifetime,
                MaxVerifyAttemptsPerHour = configured.MaxVerifyAttemptsPerHour,
                MaxVerifyAttemptsPerHourGlobal = configured.MaxVerifyAttemptsPerHourGlobal,
                InitialEquity = configured.InitialEquity,
                DefaultChartMinutes = configured.DefaultChartMinutes,
                MaxChartMinutes = configured.MaxChartMinutes,
                ChartWarmUpCandles = configured.ChartWarmUpCandles,
                DefaultLast = configured.DefaultLast,
                MaxLast = configured.MaxLast,
            };
            options.Validate();
            return options;
        });
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<WebhookSettings>();
            var queue = sp.GetRequiredService<SendQueueOptions>();
            return new TelegramGateway(
                TelegramClientFactory.Create(settings.Token, settings.ApiBaseUrl, queue),
                sp.GetRequiredService<SendRateLimiter>(),
                queue,
                new SecretRedactor(settings.Token, settings.WebhookSecret),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<TelegramGateway>>());
        });
        services.AddSingleton<IPipelineStatus>(sp => new CandleStorePipelineStatus(
            sp.GetRequiredService<ICandleStore>(),
            sp.GetRequiredService<IBiasStore>(),
            sp.GetRequiredService<WebhookSettings>().Symbols,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new BotCommandHandler(
            sp.GetRequiredService<TelegramGateway>(),
            new BotState(sp.GetRequiredService<IStateStore>()),
            sp.GetRequiredService<IPositionBook>(),
            sp.GetRequiredService<IBiasStore>(),
            sp.GetRequiredService<ICandleStore>(),
            sp.GetRequiredService<IPipelineStatus>(),
            new AlertFormatter(sp.GetRequiredService<AlertFormatOptions>()),
            new CandleChartRenderer(new CandleChartOptions { Strategy = TradingConfiguration.Read(configuration).Strategy }),
            new EquityChartRenderer(),
            sp.GetRequiredService<BotOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BotCommandHandler>>(),
            sp.GetRequiredService<IIdempotencyStore>()));
    }
}
