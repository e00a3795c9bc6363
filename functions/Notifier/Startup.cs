using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Notifier;

/// <summary>
/// The Notifier's services, as docs/telegram.md "Wiring" lists them: one send queue per process, the gateway, the
/// bot state and delivery claims on the backend's state store, the alert log, the <see cref="SignalNotifier"/>.
/// Settings: <see cref="TelegramSettings"/> (<see cref="TelegramServiceCollectionExtensions.AddTelegramGateway"/>), sections <c>Telegram:SendQueue</c> and <c>Telegram:Alerts</c>;
/// <c>Telegram:Notifier</c> (<c>Lease</c>, <c>TakeoverGrace</c>, <c>MaxAttempts</c>). All lazy: nothing is read or
/// connected before the first event.
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddStageHeartbeat(PipelineStages.Notifier);
        services.AddSingleton<IFunctionHealthCheck>(sp => new SettingsHealthCheck<SignalNotifier>(sp));
        services.AddSettings<SendQueueOptions>(configuration, SendQueueOptions.Section, o => o.Validate());
        services.AddSettings<AlertFormatOptions>(configuration, AlertFormatOptions.Section, o => o.Validate());
        services.AddTelegramGateway(configuration);
        // The alert chats come from the Telegram settings (owners + fixed chats), which are checked lazily: so are these.
        services.AddSettings<NotifierOptions>(configuration, NotifierOptions.Section, o => o.Validate(), validateOnStart: false)
            .PostConfigure<TelegramSettings>((o, telegram) => o.AlertChatIds = telegram.AlertRecipients);
        services.AddSingleton(sp => new SignalNotifier(
            sp.GetRequiredService<TelegramGateway>(),
            sp.GetRequiredService<IAlertLog>(),
            new BotState(sp.GetRequiredService<IStateStore>()),
            new DeliveryClaims(
                sp.GetRequiredService<IStateStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<NotifierOptions>(),
                owner: $"{Environment.MachineName}-{Guid.NewGuid():N}"),
            new AlertFormatter(sp.GetRequiredService<AlertFormatOptions>()),
            sp.GetRequiredService<NotifierOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SignalNotifier>>()));
    }
}
