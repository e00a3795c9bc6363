using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Formatting;
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
/// idempotency store. Settings: <see cref="TelegramSettings"/> (with <c>TELEGRAM_WEBHOOK_SECRET</c>), <c>SYMBOLS</c> (for <c>/status</c>; default the 9), sections <c>Telegram:Bot</c> (owners from
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
        services.AddSettings<SendQueueOptions>(configuration, SendQueueOptions.Section, o => o.Validate());
        services.AddSettings<AlertFormatOptions>(configuration, AlertFormatOptions.Section, o => o.Validate());
        services.AddTelegramGateway(configuration, requireWebhookSecret: true);
        // The owners from TELEGRAM_OWNER_CHAT_IDS join Telegram:Bot:OwnerUserIds; like the Telegram settings, checked lazily.
        services.AddSettings<BotOptions>(configuration, BotOptions.Section, o => o.Validate(), validateOnStart: false)
            .PostConfigure<TelegramSettings>((o, telegram) => o.OwnerUserIds = [.. o.OwnerUserIds.Concat(telegram.OwnerUserIds).Distinct()]);
        services.AddSingleton<IPipelineStatus>(sp => new CandleStorePipelineStatus(
            sp.GetRequiredService<ICandleStore>(),
            sp.GetRequiredService<IBiasStore>(),
            SymbolsSetting.ReadOrDefault(configuration),
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
            sp.GetRequiredService<IIdempotencyStore>(),
            DashboardLinks.Create(
                sp.GetRequiredService<BotOptions>().DashboardUrl, configuration[DashboardAccess.KeyVariable], sp.GetRequiredService<TimeProvider>())));
    }
}
