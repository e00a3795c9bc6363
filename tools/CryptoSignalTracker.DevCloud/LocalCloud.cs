using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using CryptoSignalTracker.Google.PubSub;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// The pipeline on one machine, the way Google Cloud runs it: the Pub/Sub, Bigtable and Firestore emulators (started
/// here, or reused), the topics, dead-letter topics and push subscriptions of <c>terraform/pubsub.tf</c> (each push
/// subscription POSTs to its function's local URL; the emulator's real push delivery, retry policy and dead-letter
/// policy), the candle table of <c>bigtable.tf</c>, and each function's built output as its own process on its own
/// port with the environment <c>services.tf</c> gives it. The Ingestor starts last, once its consumers answer.
/// Everything is stopped by its own process id on <see cref="DisposeAsync"/>.
/// </summary>
public sealed class LocalCloud : IAsyncDisposable
{
    /// <summary>Variables removed from what a function inherits, so the parent's settings do not leak in.</summary>
    private static readonly string[] _scrubbed =
    [
        "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FUNCTION_TARGET", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS",
        "DOTNET_URLS", "CST_SQLITE_PATH", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "GEMINI_API_KEY", "CRYPTOCOMPARE_API_KEY",
        CloudTopology.TradingConfigEnvironmentKey, CloudTopology.DashboardLinkKeyVariable, CloudTopology.DashboardUrlEnvironmentKey,
    ];

    private readonly EmulatorSet? _emulators;
    private bool _frozen;
    private readonly List<FunctionProcess> _functions;
    private readonly ILogger<LocalCloud> _logger;

    private LocalCloud(DevCloudOptions options, EmulatorSet? emulators, EmulatorEndpoints endpoints, List<FunctionProcess> functions, string logDirectory, ILogger<LocalCloud> logger)
    {
        Options = options;
        _emulators = emulators;
        Emulators = endpoints;
        _functions = functions;
        LogDirectory = logDirectory;
        _logger = logger;
    }

    /// <summary>What it was started with.</summary>
    public DevCloudOptions Options { get; }

    /// <summary>The project id everything lives in.</summary>
    public string ProjectId => Options.ProjectId;

    /// <summary>Where the emulators listen.</summary>
    public EmulatorEndpoints Emulators { get; }

    /// <summary>True when the emulators were started here (and are stopped on dispose).</summary>
    public bool OwnsEmulators => _emulators is not null;

    /// <summary>
    /// Freezes (SIGSTOP) or thaws (SIGCONT) every emulator this cloud started, each with its whole process group: an
    /// outage of Pub/Sub, Bigtable and Firestore at once that keeps their data, for fault tests. Disposing thaws them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulators were not started by this cloud (freezing shared ones would stall others).</exception>
    public void FreezeEmulators(bool freeze)
    {
        var emulators = _emulators ?? throw new InvalidOperationException("these emulators were not started by this local cloud; only its own can be frozen");
        foreach (var (_, _, processId, _) in emulators.Running)
        {
            NativeMethods.Signal(processId, freeze ? NativeMethods.SigStop : NativeMethods.SigCont, group: true);
        }

        _frozen = freeze;
    }

    /// <summary>The function processes, in start order.</summary>
    public IReadOnlyList<FunctionProcess> Functions => _functions;

    /// <summary>Where the logs are.</summary>
    public string LogDirectory { get; }

    /// <summary>What a client (e.g. <c>cst run --backend gcp</c>, a test) needs to reach this cloud: the emulator hosts, the project, the table.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>(Emulators.ToEnvironment(), StringComparer.Ordinal)
    {
        ["GOOGLE_CLOUD_PROJECT"] = ProjectId,
        ["CST_BACKEND"] = "google",
        ["BIGTABLE_INSTANCE"] = CloudTopology.BigtableInstance,
        ["BIGTABLE_TABLE"] = CloudTopology.BigtableTable,
    };

    /// <summary>Starts everything <paramref name="options"/> asks for and waits until each function answers /health.</summary>
    /// <exception cref="ArgumentException">An option is invalid (named).</exception>
    /// <exception cref="LocalCloudException">A function project or its build is missing (all listed, before anything starts), or something did not come up (its output included). Whatever had started is stopped.</exception>
    public static async Task<LocalCloud> StartAsync(DevCloudOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalCloud>();
        var selected = options.SelectedFunctions();
        var root = Path.GetFullPath(options.RepositoryRoot);
        var problems = RepositoryLayout.Problems(root, selected, options.Configuration);
        if (problems.Count > 0)
        {
            throw new LocalCloudException("the local cloud cannot run these functions:" + System.Environment.NewLine + "  " + string.Join(System.Environment.NewLine + "  ", problems));
        }

        var logDirectory = options.LogDirectory ?? Path.Combine(root, ".devcloud", "logs");
        Directory.CreateDirectory(logDirectory);
        EmulatorSet? emulators = null;
        var functions = new List<FunctionProcess>();
        try
        {
            var endpoints = options.Emulators;
            if (endpoints is null)
            {
                emulators = await EmulatorSet.StartAsync(options, logDirectory, time, logger, cancellationToken).ConfigureAwait(false);
                endpoints = emulators.Endpoints;
            }
            else
            {
                logger.LogInformation("Using the running emulators: Pub/Sub {pubsub}, Bigtable {bigtable}, Firestore {firestore}", endpoints.PubSub, endpoints.Bigtable, endpoints.Firestore);
            }

            // Ports first: the webhook's links need the Dashboard's address.
            var ports = selected.ToDictionary(f => f, _ => FreePort.Next());
            var dashboard = ports.Where(p => p.Key.Name == LocalDashboard.FunctionName).Select(p => LocalDashboard.UrlOf(p.Value)).FirstOrDefault();
            foreach (var function in selected)
            {
                var port = ports[function];
                functions.Add(new FunctionProcess(function, port, RepositoryLayout.FunctionDll(root, function.Name, options.Configuration),
                    EnvironmentOf(function, port, options, endpoints, dashboard), Path.Combine(logDirectory, function.Name + ".log"), options, time));
            }

            var cloud = new LocalCloud(options, emulators, endpoints, functions, logDirectory, logger);
            await cloud.ProvisionAsync(cancellationToken).ConfigureAwait(false);
            // Consumers first, so nothing the Ingestor publishes is pushed to a port nobody listens on yet.
            await Task.WhenAll(functions.Where(f => f.Name != "Ingestor").Select(f => cloud.StartFunctionAsync(f, cancellationToken))).ConfigureAwait(false);
            if (options.BeforeIngestor is { } beforeIngestor)
            {
                await beforeIngestor(cloud, cancellationToken).ConfigureAwait(false);
            }

            foreach (var ingestor in functions.Where(f => f.Name == "Ingestor"))
            {
                await cloud.StartFunctionAsync(ingestor, cancellationToken).ConfigureAwait(false);
            }

            return cloud;
        }
        catch
        {
            await StopAllAsync(functions, emulators).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The environment a function process gets (null values are removed from the inherited environment);
    /// <paramref name="dashboardUrl"/> is the Dashboard's address when it runs (the webhook's links point at it).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> EnvironmentOf(
        FunctionDefinition function, int port, DevCloudOptions options, EmulatorEndpoints emulators, Uri? dashboardUrl = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(emulators);
        var read = options.EnvironmentReader;
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in _scrubbed)
        {
            env[key] = null;
        }

        env["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        // FunctionHost.AddressVariable: the local cloud listens on loopback only (Cloud Run's all-interfaces is the default).
        env["CST_LISTEN_ADDRESS"] = "127.0.0.1";
        env["CST_BACKEND"] = "google";
        // services.tf local.common_env
        env["GOOGLE_CLOUD_PROJECT"] = options.ProjectId;
        env["BIGTABLE_INSTANCE"] = CloudTopology.BigtableInstance;
        env["BIGTABLE_TABLE"] = CloudTopology.BigtableTable;
        env["SYMBOLS"] = string.Join(",", options.Symbols);
        env["TELEGRAM_OWNER_CHAT_IDS"] = read("TELEGRAM_OWNER_CHAT_IDS") ?? string.Empty;
        foreach (var (key, value) in emulators.ToEnvironment())
        {
            env[key] = value;
        }

        // services.tf local.dead_letter_env
        if (function.DeadLetterTopic is { } deadLetter)
        {
            env[CloudTopology.DeadLetterEnvironmentKey] = deadLetter;
        }

        // services.tf: var.trading_config for the LogicEngine and the MacroEngine
        if (options.TradingConfig is { } trading && CloudTopology.ReceivesTradingConfig(function))
        {
            env[CloudTopology.TradingConfigEnvironmentKey] = trading.TrimStart().StartsWith('{') ? trading : Path.GetFullPath(trading);
        }

        // services.tf local.function_secrets: Secret Manager there, the caller's environment here
        foreach (var secret in CloudTopology.SecretsOf(function))
        {
            env[secret] = secret == CloudTopology.DashboardLinkKeyVariable ? options.DashboardLinkKey()
                : read(secret) is { Length: > 0 } value ? value : null;
        }

        // services.tf: the webhook's Telegram__Bot__DashboardUrl = local.dashboard_url
        if (function.Name == "TelegramWebhook" && dashboardUrl is not null)
        {
            env[CloudTopology.DashboardUrlEnvironmentKey] = dashboardUrl.AbsoluteUri;
        }

        switch (function.Name)
        {
            case "Ingestor":
                if (options.BybitUrl is { } bybit)
                {
                    env["Bybit__Url"] = bybit.AbsoluteUri;
                }

                if (options.EffectiveBybitRestUrl() is { } rest)
                {
                    env["Bybit__RestUrl"] = rest.AbsoluteUri.TrimEnd('/');
                }

                break;
            case "MacroEngine" when options.KrakenUrl is { } kraken:
                env["MacroEngine__KrakenUrl"] = kraken.AbsoluteUri;
                break;
        }

        if (options.FunctionEnvironment.TryGetValue(function.Name, out var extra))
        {
            foreach (var (key, value) in extra)
            {
                env[key] = value;
            }
        }

        return env;
    }

    /// <summary>The push endpoint of <paramref name="function"/>: its URL with the Functions Framework's path <c>/projects/P/topics/T</c>, from which the host names the event source.</summary>
    public static Uri PushEndpointOf(FunctionDefinition function, int port, string projectId)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.PushTopic is null
            ? throw new ArgumentException($"{function.Name} is not fed by a push subscription", nameof(function))
            : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/projects/{projectId}/topics/{function.PushTopic}"));
    }

    /// <summary>The running function called <paramref name="name"/> (project name or Terraform key).</summary>
    /// <exception cref="ArgumentException">It is unknown or not part of this cloud.</exception>
    public FunctionProcess Function(string name)
    {
        var definition = CloudTopology.Find(name);
        return _functions.FirstOrDefault(f => f.Definition == definition)
            ?? throw new ArgumentException($"{definition.Name} is not running in this local cloud");
    }

    /// <summary>One row per emulator and function, for <c>cst dev up</c>'s table.</summary>
    public IReadOnlyList<ServiceStatus> Describe()
    {
        var rows = new List<ServiceStatus>();
        if (_emulators is not null)
        {
            rows.AddRange(_emulators.Running.Select(e => new ServiceStatus(e.Name, "emulator", e.Port, $"127.0.0.1:{e.Port}", e.ProcessId, "ok", "log " + Path.GetFileName(e.LogPath))));
        }
        else
        {
            foreach (var (name, host) in new[] { ("Pub/Sub emulator", Emulators.PubSub), ("Bigtable emulator", Emulators.Bigtable), ("Firestore emulator", Emulators.Firestore) })
            {
                rows.Add(new ServiceStatus(name, "emulator", int.Parse(host[(host.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), host, null, "reused", "started elsewhere"));
            }
        }

        foreach (var f in _functions)
        {
            var log = "log " + Path.GetFileName(f.LogPath);
            var detail = f.Definition.SubscriptionId is { } subscription ? $"push {subscription}; {log}" : log;
            rows.Add(new ServiceStatus(f.Name, "function", f.Port, f.Url.AbsoluteUri, f.ProcessId, f.IsRunning ? f.Health ?? "starting" : "stopped", detail));
        }

        return rows;
    }

    /// <summary>Asks every function's /health once, all at once (see <see cref="FunctionProcess.ProbeHealthAsync"/>); <see cref="Describe"/> then shows the answers.</summary>
    public Task RefreshHealthAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_functions.Select(f => f.ProbeHealthAsync(cancellationToken)));

    /// <summary>Stops the functions (the Ingestor first, so it flushes to consumers that still listen; SIGTERM, then SIGKILL after the grace period), then the emulators it started.</summary>
    public async ValueTask DisposeAsync()
    {
        _logger.LogInformation("Stopping the local cloud");
        if (_frozen)
        {
            FreezeEmulators(false); // a stopped emulator would not see its SIGTERM
        }

        await StopAllAsync(_functions, _emulators).ConfigureAwait(false);
    }

    private static async Task StopAllAsync(List<FunctionProcess> functions, EmulatorSet? emulators)
    {
        foreach (var ingestor in functions.Where(f => f.Name == "Ingestor"))
        {
            await ingestor.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(functions.Where(f => f.Name != "Ingestor").Select(f => f.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (emulators is not null)
        {
            await emulators.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartFunctionAsync(FunctionProcess function, CancellationToken cancellationToken)
    {
        await function.StartAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("{function} listening on {url} (pid {pid}): {health}", function.Name, function.Url, function.ProcessId, function.Health);
    }

    /// <summary>Topics, dead-letter topics with their holding subscriptions, the push subscriptions of the functions that run, the candle table.</summary>
    private async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        using var channels = new GoogleChannelFactory(new GoogleConnectionSettings
        {
            EnvironmentReader = name => Emulators.ToEnvironment().TryGetValue(name, out var host) ? host : null,
        });
        var channel = channels.GetChannel(GoogleServiceEndpoint.PubSub);
        var subscriber = new Subscriber.SubscriberClient(channel);
        var admin = new PubSubAdmin(new Publisher.PublisherClient(channel), subscriber, ProjectId);
        foreach (var topic in CloudTopology.Topics)
        {
            await admin.CreateTopicIfMissingAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        foreach (var topic in CloudTopology.TopicsWithDeadLetter)
        {
            var deadLetter = await admin.CreateTopicIfMissingAsync(CloudTopology.DeadLetterTopicOf(topic), cancellationToken).ConfigureAwait(false);
            try
            {
                await subscriber.CreateSubscriptionAsync(new Subscription
                {
                    Name = PubSubNames.Subscription(ProjectId, CloudTopology.DeadLetterHoldSubscriptionOf(topic)),
                    Topic = deadLetter,
                    AckDeadlineSeconds = (int)DeliverySettings.DefaultAckDeadline.TotalSeconds,
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
                // kept from an earlier start in the same project
            }
        }

        var delivery = Options.Delivery;
        foreach (var function in _functions.Where(f => f.Definition.PushTopic is not null))
        {
            var definition = function.Definition;
            var subscription = new BusSubscription
            {
                Name = definition.SubscriptionId!,
                Topic = definition.PushTopic!,
                DeadLetterTopic = definition.DeadLetterTopic!,
                MaxDeliveryAttempts = delivery.MaxDeliveryAttempts,
                MinimumBackoff = delivery.MinimumBackoff,
                MaximumBackoff = delivery.MaximumBackoff,
                EnableMessageOrdering = CloudTopology.OrderedDelivery(definition.PushTopic!),
            };
            await admin.CreateSubscriptionIfMissingAsync(subscription, delivery.AckDeadline, PushEndpointOf(definition, function.Port, ProjectId), cancellationToken).ConfigureAwait(false);
        }

        await new BigtableTableManager(channels, new BigtableCandleStoreOptions
        {
            ProjectId = ProjectId,
            InstanceId = CloudTopology.BigtableInstance,
            TableId = CloudTopology.BigtableTable,
        }).CreateIfAbsentAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Provisioned project {project}: {topics} topics, {subscriptions} push subscriptions, table {table}",
            ProjectId, CloudTopology.Topics.Count + CloudTopology.TopicsWithDeadLetter.Count, _functions.Count(f => f.Definition.PushTopic is not null), CloudTopology.BigtableTable);
    }
}
