using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Security;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>
/// The Telegram side of the one-machine pipeline (<c>cst run</c>), wired like the Notifier and TelegramWebhook
/// functions but in one process: a subscription on <c>trade-signals-micro</c> feeds the <see cref="SignalNotifier"/>
/// (same alerts, same exit edits, same send queue) and a <see cref="TelegramPollingService"/> feeds the
/// <see cref="BotCommandHandler"/> (same commands, long polling instead of a webhook). Without a bot token the alerts
/// are printed by a <see cref="ConsoleAlertChannel"/> instead and no commands are served. Dispose to stop both.
/// </summary>
public sealed class LocalBot : IAsyncDisposable
{
    private readonly IAsyncDisposable _subscription;
    private readonly CancellationTokenSource _stop;
    private readonly ILogger<LocalBot> _logger;
    private int _disposed;

    private LocalBot(LocalBotMode mode, IAsyncDisposable subscription, TelegramPollingService? polling, Task pollingTask, CancellationTokenSource stop, ILogger<LocalBot> logger)
    {
        Mode = mode;
        _subscription = subscription;
        PollingService = polling;
        Polling = pollingTask;
        _stop = stop;
        _logger = logger;
    }

    /// <summary>Where alerts go.</summary>
    public LocalBotMode Mode { get; }

    /// <summary>The long-polling loop (Telegram mode), or null.</summary>
    public TelegramPollingService? PollingService { get; }

    /// <summary>Completes when the polling loop ends (at disposal, or early if Telegram rejects the token); completed in console mode.</summary>
    public Task Polling { get; }

    /// <summary>
    /// Creates the subscription <see cref="LocalBotSettings.Subscription"/> on <c>trade-signals-micro</c> (and the
    /// topic, if missing), starts handling its messages and, with a token, starts long polling. Call it before the
    /// pipeline publishes its first signal: the in-process bus gives a new subscription only later messages.
    /// Contacts Telegram only from the background (a network problem at start delays, never fails, the start).
    /// </summary>
    /// <param name="settings">Usually <see cref="LocalBotSettings.FromEnvironment"/>.</param>
    /// <param name="ports">The bus and stores of the pipeline.</param>
    /// <param name="console">Where alerts are printed without a token (e.g. <see cref="Console.Out"/>).</param>
    /// <param name="loggers">Loggers of every component.</param>
    /// <param name="timeProvider">Clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels the start only; stop the bot by disposing it.</param>
    /// <exception cref="InvalidOperationException">The settings are wrong (the message names the variable).</exception>
    /// <exception cref="ArgumentException">The token is not of the form <c>digits:secret</c> (the token is not shown).</exception>
    public static async Task<LocalBot> StartAsync(
        LocalBotSettings settings,
        LocalBotPorts ports,
        TextWriter console,
        ILoggerFactory loggers,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(loggers);
        settings.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var logger = loggers.CreateLogger<LocalBot>();
        var formatter = new AlertFormatter(settings.Alerts);

        Func<SignalNotification, CancellationToken, Task> deliver;
        TelegramPollingService? polling = null;
        if (settings.Mode == LocalBotMode.Telegram)
        {
            var gateway = TelegramGatewayFactory.Create(
                settings.Telegram, settings.SendQueue, new SendRateLimiter(settings.SendQueue, time), time, loggers.CreateLogger<TelegramGateway>());
            var token = settings.Telegram.RequireToken();
            var redactor = new SecretRedactor(token);
            var state = new BotState(ports.State);
            var notifierOptions = new NotifierOptions { AlertChatIds = settings.Telegram.AlertRecipients };
            var notifier = new SignalNotifier(
                gateway,
                ports.Alerts,
                state,
                new DeliveryClaims(ports.State, time, notifierOptions, owner: $"cst-run-{Environment.MachineName}-{Guid.NewGuid():N}"),
                formatter,
                notifierOptions,
                time,
                loggers.CreateLogger<SignalNotifier>());
            var handler = new BotCommandHandler(
                gateway,
                state,
                ports.Positions,
                ports.Bias,
                ports.Candles,
                ports.Status,
                formatter,
                new CandleChartRenderer(settings.Charts),
                new EquityChartRenderer(),
                new BotOptions { OwnerUserIds = settings.Telegram.OwnerUserIds, BotUsername = settings.BotUsername },
                time,
                loggers.CreateLogger<BotCommandHandler>(),
                ports.Updates);
            polling = new TelegramPollingService(
                TelegramPollingService.CreateClient(token, settings.Telegram.ApiBaseUrl, settings.Polling),
                handler,
                settings.Polling,
                redactor,
                time,
                loggers.CreateLogger<TelegramPollingService>());
            deliver = async (n, ct) => await notifier.HandleAsync(n, ct).ConfigureAwait(false);
        }
        else
        {
            var channel = new ConsoleAlertChannel(console, formatter, loggers.CreateLogger<ConsoleAlertChannel>());
            deliver = channel.WriteAsync;
        }

        await ports.Bus.EnsureTopicAsync(settings.Subscription.Topic, cancellationToken).ConfigureAwait(false);
        await ports.Bus.EnsureTopicAsync(settings.Subscription.DeadLetterTopic, cancellationToken).ConfigureAwait(false);
        await ports.Bus.EnsureSubscriptionAsync(settings.Subscription, cancellationToken).ConfigureAwait(false);
        var subscription = await ports.Bus.SubscribeAsync(
            settings.Subscription.Name,
            (message, ct) => deliver(Decode(message), ct),
            cancellationToken).ConfigureAwait(false);

        var stop = new CancellationTokenSource();
        var pollingTask = polling is null ? Task.CompletedTask : Task.Run(() => polling.RunAsync(stop.Token), CancellationToken.None);
        if (polling is null)
        {
            logger.LogInformation(
                "No {TokenVariable}: alerts from {Topic} are printed to the console and no bot commands are served", TelegramSettings.TokenKey, settings.Subscription.Topic);
        }
        else
        {
            logger.LogInformation(
                "Telegram bot on: alerts from {Topic} to {Owners} owner(s), {Extra} extra chat(s) and the allow-list; commands by long polling",
                settings.Subscription.Topic, settings.Telegram.OwnerUserIds.Count, settings.Telegram.AlertChatIds.Count);
        }

        return new LocalBot(settings.Mode, subscription, polling, pollingTask, stop, logger);
    }

    /// <summary>
    /// Decodes one <c>trade-signals-micro</c> message the way the Notifier function does. A malformed one throws
    /// <see cref="UnprocessableMessageException"/> naming the field, so the bus dead-letters it at once.
    /// </summary>
    public static SignalNotification Decode(ReceivedBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        TradeSignalMessage decoded;
        try
        {
            decoded = TradeSignalMessageCodec.Decode(message.Data);
        }
        catch (FormatException e)
        {
            throw new UnprocessableMessageException($"{TradeSignalMessageCodec.Topic} message {message.MessageId}: {e.Message}", e);
        }

        return decoded.Type == TradeSignalMessageType.Entry
            ? SignalNotification.ForEntry(decoded.Signal!, decoded.Bias)
            : SignalNotification.ForExit(decoded.Trade!);
    }

    /// <summary>Stops the subscription (waiting for alerts being sent) and the polling loop (confirming handled updates).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _subscription.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Polling.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError("Telegram long polling ended with an error: {Error}", e.GetType().Name);
        }

        _stop.Dispose();
    }
}
