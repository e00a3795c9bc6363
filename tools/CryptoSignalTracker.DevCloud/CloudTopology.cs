namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// What <c>terraform/pubsub.tf</c>, <c>services.tf</c>, <c>bigtable.tf</c> and <c>main.tf</c> provision, as data, so the
/// local cloud mirrors production: the four topics, a dead-letter topic (with a holding pull subscription) for each
/// topic that feeds a function, one push subscription per receiving function, the candle table, and the environment
/// each function gets.
/// </summary>
public static class CloudTopology
{
    /// <summary>Trade batches from the Ingestor (ordering key = symbol).</summary>
    public const string RawTicksTopic = "raw-tick-data-bybit";

    /// <summary>One event per closed 1-minute candle.</summary>
    public const string CandlesTopic = "candles-1m";

    /// <summary>Entry signals and EXIT events.</summary>
    public const string SignalsTopic = "trade-signals-micro";

    /// <summary>Macro bias changes (no subscriber in Terraform).</summary>
    public const string MacroBiasTopic = "macro-bias-updates";

    /// <summary>Terraform's <c>var.bigtable_instance_name</c> default.</summary>
    public const string BigtableInstance = "cryptotracker-bigtable";

    /// <summary>Terraform's <c>var.bigtable_table_name</c> default.</summary>
    public const string BigtableTable = "market-data-1m";

    /// <summary>The host's configuration key of the dead-letter topic (<c>local.dead_letter_env</c>).</summary>
    public const string DeadLetterEnvironmentKey = "Hosting__DeadLetterTopic";

    /// <summary>The trading configuration's variable (<c>var.trading_config</c>: inline JSON, or here also a file path).</summary>
    public const string TradingConfigEnvironmentKey = "Logic__TradingConfig";

    /// <summary>The link key the bot and the dashboard share (<c>local.secrets.dashboard_link_key</c>; Secret Manager there).</summary>
    public const string DashboardLinkKeyVariable = Core.Security.DashboardAccess.KeyVariable;

    /// <summary>The webhook's setting naming the dashboard's address (<c>Telegram:Bot:DashboardUrl</c>; services.tf gives it <c>local.dashboard_url</c>).</summary>
    public const string DashboardUrlEnvironmentKey = "Telegram__Bot__DashboardUrl";

    /// <summary>The functions, in the order the local cloud starts them (the Ingestor last, once its consumers listen).</summary>
    public static IReadOnlyList<FunctionDefinition> Functions { get; } =
    [
        new("Aggregator", "aggregator", RawTicksTopic),
        new("LogicEngine", "logic_engine", CandlesTopic),
        new("Notifier", "notifier", SignalsTopic),
        new("MacroEngine", "macro_engine", null),
        new("ChartRenderer", "chart_renderer", null),
        new("TelegramWebhook", "telegram_webhook", null),
        new("Dashboard", "dashboard", null),
        new("Ingestor", "ingestor", null),
    ];

    /// <summary>Every topic of <c>pubsub.tf</c>.</summary>
    public static IReadOnlyList<string> Topics { get; } = [RawTicksTopic, CandlesTopic, SignalsTopic, MacroBiasTopic];

    /// <summary>Topics with a dead-letter topic (those with a push subscription in <c>pubsub.tf</c>).</summary>
    public static IReadOnlyList<string> TopicsWithDeadLetter { get; } = [RawTicksTopic, CandlesTopic, SignalsTopic];

    /// <summary>Only the raw-tick subscription delivers in order (<c>message_ordering = true</c>).</summary>
    public static bool OrderedDelivery(string topic) => topic == RawTicksTopic;

    /// <summary>The secrets each function reads as environment variables (<c>local.function_secrets</c>; the MacroEngine's are optional there).</summary>
    public static IReadOnlyList<string> SecretsOf(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.TerraformKey switch
        {
            "notifier" => ["TELEGRAM_BOT_TOKEN"],
            "telegram_webhook" => ["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", DashboardLinkKeyVariable],
            "dashboard" => [DashboardLinkKeyVariable],
            "macro_engine" => ["GEMINI_API_KEY", "CRYPTOCOMPARE_API_KEY"],
            _ => [],
        };
    }

    /// <summary>True for the functions <c>services.tf</c> gives the trading configuration: the LogicEngine (all of it), the MacroEngine (its macro section) and the Dashboard (thresholds, initial equity).</summary>
    public static bool ReceivesTradingConfig(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.TerraformKey is "logic_engine" or "macro_engine" or "dashboard";
    }

    /// <summary><c>{topic}-dead-letter</c>, as <c>modules/pubsub_topic</c> names it.</summary>
    public static string DeadLetterTopicOf(string topic) => topic + "-dead-letter";

    /// <summary><c>{topic}-dead-letter-hold</c>: the pull subscription that keeps a topic's dead letters.</summary>
    public static string DeadLetterHoldSubscriptionOf(string topic) => topic + "-dead-letter-hold";

    /// <summary>The function called <paramref name="name"/> (project name or Terraform key, any case).</summary>
    /// <exception cref="ArgumentException">No such function; the message lists the known ones.</exception>
    public static FunctionDefinition Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        return Functions.FirstOrDefault(f => string.Equals(f.Name, trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(f.TerraformKey, trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(f.TerraformKey.Replace("_", "-", StringComparison.Ordinal), trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown function '{trimmed}'; the functions are {string.Join(", ", Functions.Select(f => f.Name))}");
    }
}
