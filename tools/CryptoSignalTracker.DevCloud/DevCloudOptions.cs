using System.Text.RegularExpressions;

namespace CryptoSignalTracker.DevCloud;

/// <summary>What <see cref="LocalCloud"/> starts and how. Defaults mirror Terraform's; <see cref="Validate"/> names the first bad setting.</summary>
public sealed partial record DevCloudOptions
{
    /// <summary>Default <see cref="ProjectId"/>.</summary>
    public const string DefaultProjectId = "cst-local";

    /// <summary>Default <see cref="Configuration"/>: the build configuration whose output runs.</summary>
    public const string DefaultConfiguration = "Release";

    /// <summary>Default <see cref="EmulatorStartTimeout"/>: 90 s (the JVM emulators take 5-10 s on an idle machine).</summary>
    public static readonly TimeSpan DefaultEmulatorStartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Default <see cref="FunctionStartTimeout"/>: 60 s until a function answers /health.</summary>
    public static readonly TimeSpan DefaultFunctionStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Default <see cref="StopGrace"/>: 10 s between SIGTERM and SIGKILL (Cloud Run's grace period).</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    /// <summary>The repository root (holds <c>CryptoSignalTracker.sln</c> and <c>functions/</c>).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Build configuration whose output runs (<c>functions/NAME/bin/{Configuration}/net10.0/NAME.dll</c>). Default Release.</summary>
    public string Configuration { get; init; } = DefaultConfiguration;

    /// <summary>Functions to run (project names or Terraform keys); null = all eight.</summary>
    public IReadOnlyList<string>? Functions { get; init; }

    /// <summary>Run the Ingestor (when <see cref="Functions"/> includes it). Default true.</summary>
    public bool IncludeIngestor { get; init; } = true;

    /// <summary>The Bybit websocket the Ingestor connects to (env <c>Bybit__Url</c>); null = Bybit's.</summary>
    public Uri? BybitUrl { get; init; }

    /// <summary>Bybit's REST base for backfill (<c>Bybit__RestUrl</c>); null = the <see cref="BybitUrl"/>'s host over http(s) when that is set, else Bybit's.</summary>
    public Uri? BybitRestUrl { get; init; }

    /// <summary>Kraken's API base for the MacroEngine (<c>MacroEngine__KrakenUrl</c>); null = Kraken's.</summary>
    public Uri? KrakenUrl { get; init; }

    /// <summary>
    /// The trading configuration the LogicEngine and MacroEngine get (<c>Logic__TradingConfig</c>, Terraform's
    /// <c>var.trading_config</c>): inline JSON, or the path of the JSON file <c>cst backtest --config</c> takes (made
    /// absolute). Null = the defaults, as a backtest without <c>--config</c>.
    /// </summary>
    public string? TradingConfig { get; init; }

    /// <summary>The Google Cloud project id the emulators and functions use. Default <c>cst-local</c>; tests use a fresh one each.</summary>
    public string ProjectId { get; init; } = DefaultProjectId;

    /// <summary>Emulators already running (e.g. from scripts/emulators.sh) to use instead of starting three; null = start them.</summary>
    public EmulatorEndpoints? Emulators { get; init; }

    /// <summary>The Google Cloud SDK root; null = <c>CST_GCLOUD_SDK_ROOT</c>, else <c>gcloud info</c>.</summary>
    public string? GcloudSdkRoot { get; init; }

    /// <summary>Symbols (env <c>SYMBOLS</c> of every function). Default Terraform's <c>var.symbols</c> (the 9).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = Core.Domain.Symbols.Default;

    /// <summary>Push subscriptions' redelivery settings. Default Terraform's.</summary>
    public DeliverySettings Delivery { get; init; } = new();

    /// <summary>Extra environment per function (keyed by project name, any case), applied last, e.g. <c>Ingestor__BatchInterval</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FunctionEnvironment { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where each process's output goes (<c>NAME.log</c>); null = <c>{RepositoryRoot}/.devcloud/logs</c>.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>How long each emulator may take to answer. Default 90 s.</summary>
    public TimeSpan EmulatorStartTimeout { get; init; } = DefaultEmulatorStartTimeout;

    /// <summary>How long each function may take to answer /health. Default 60 s.</summary>
    public TimeSpan FunctionStartTimeout { get; init; } = DefaultFunctionStartTimeout;

    /// <summary>Time between SIGTERM and SIGKILL when stopping a process. Default 10 s.</summary>
    public TimeSpan StopGrace { get; init; } = DefaultStopGrace;

    /// <summary>Fail the start when a function answers /health with anything but 200 (tests); false lists it as unhealthy with its reason. Default false.</summary>
    public bool RequireHealthy { get; init; }

    /// <summary>
    /// Called once every other function answers /health and before the Ingestor starts, e.g. by a test that subscribes
    /// its own recorders so it sees everything the run publishes. Default none.
    /// </summary>
    public Func<LocalCloud, CancellationToken, Task>? BeforeIngestor { get; init; }

    /// <summary>
    /// The link key the TelegramWebhook and the Dashboard share (base64; Secret Manager's <c>dashboard_link_key</c> in the
    /// cloud) when the parent environment has no <c>DASHBOARD_LINK_KEY</c>: a fresh random 32-byte key per options, so a
    /// local cloud's links work only for it.
    /// </summary>
    public string LocalDashboardLinkKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The link key the functions get: the parent's <c>DASHBOARD_LINK_KEY</c> when set, else <see cref="LocalDashboardLinkKey"/>.</summary>
    public string DashboardLinkKey() =>
        EnvironmentReader(CloudTopology.DashboardLinkKeyVariable) is { Length: > 0 } parent ? parent : LocalDashboardLinkKey;

    /// <summary>Reads the parent environment (secrets passed through, <c>TELEGRAM_OWNER_CHAT_IDS</c>, <c>CST_GCLOUD_SDK_ROOT</c>). Default the process environment.</summary>
    public Func<string, string?> EnvironmentReader { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The functions to run, resolved and in start order (the Ingestor last).</summary>
    /// <exception cref="ArgumentException">An unknown function name.</exception>
    public IReadOnlyList<FunctionDefinition> SelectedFunctions()
    {
        var wanted = Functions is null ? CloudTopology.Functions : Functions.Select(CloudTopology.Find).ToList();
        return [.. CloudTopology.Functions.Where(f => wanted.Contains(f) && (IncludeIngestor || f.Name != "Ingestor"))];
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public DevCloudOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RepositoryRoot, nameof(RepositoryRoot));
        if (Configuration is not ("Debug" or "Release"))
        {
            throw new ArgumentException($"{nameof(Configuration)} must be Debug or Release, was '{Configuration}'");
        }

        if (!ProjectIdPattern().IsMatch(ProjectId ?? string.Empty))
        {
            throw new ArgumentException($"{nameof(ProjectId)} '{ProjectId}' is not a Google Cloud project id (6-30 of a-z, 0-9, '-', starting with a letter)");
        }

        if (Symbols is null || Symbols.Count == 0 || Symbols.Any(s => !SymbolPattern().IsMatch(s ?? string.Empty)))
        {
            throw new ArgumentException($"{nameof(Symbols)} must be upper-case exchange symbols such as BTCUSDT, was '{string.Join(",", Symbols ?? [])}'");
        }

        CheckUrl(BybitUrl, nameof(BybitUrl), "ws", "wss");
        CheckUrl(BybitRestUrl, nameof(BybitRestUrl), "http", "https");
        CheckUrl(KrakenUrl, nameof(KrakenUrl), "http", "https");
        if (EmulatorStartTimeout <= TimeSpan.Zero || FunctionStartTimeout <= TimeSpan.Zero || StopGrace <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(EmulatorStartTimeout)}, {nameof(FunctionStartTimeout)} and {nameof(StopGrace)} must be positive");
        }

        if (TradingConfig is { } trading && !trading.TrimStart().StartsWith('{') && !File.Exists(trading))
        {
            throw new ArgumentException($"{nameof(TradingConfig)}: '{trading}' is neither inline JSON nor an existing file");
        }

        ArgumentNullException.ThrowIfNull(Delivery, nameof(Delivery));
        Delivery.Validate();
        ArgumentNullException.ThrowIfNull(FunctionEnvironment, nameof(FunctionEnvironment));
        foreach (var name in FunctionEnvironment.Keys)
        {
            CloudTopology.Find(name);
        }

        if (SelectedFunctions().Count == 0)
        {
            throw new ArgumentException("no function selected (--functions with only the Ingestor and --no-ingestor?)");
        }

        return this;
    }

    /// <summary>The Bybit REST base the Ingestor gets: <see cref="BybitRestUrl"/>, else derived from <see cref="BybitUrl"/> (ws → http, wss → https, same host and port), else null.</summary>
    public Uri? EffectiveBybitRestUrl() =>
        BybitRestUrl ?? (BybitUrl is null ? null : new UriBuilder(BybitUrl) { Scheme = BybitUrl.Scheme == "wss" ? "https" : "http", Path = "/", Query = string.Empty }.Uri);

    private static void CheckUrl(Uri? url, string name, params string[] schemes)
    {
        if (url is not null && (!url.IsAbsoluteUri || !schemes.Contains(url.Scheme, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"{name} '{url}' must be an absolute {string.Join(" or ", schemes)} URL");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    private static partial Regex ProjectIdPattern();

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    private static partial Regex SymbolPattern();
}
