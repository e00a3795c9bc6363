using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst dev up</c>.</summary>
public sealed class DevUpSettings : CommandSettings
{
    /// <summary>Bybit websocket for the Ingestor.</summary>
    [CommandOption("--bybit-url <URL>")]
    [Description("Bybit v5 public linear websocket the Ingestor connects to (default Bybit's); e.g. a fake server")]
    public string? BybitUrl { get; init; }

    /// <summary>Bybit REST base for backfill.</summary>
    [CommandOption("--bybit-rest-url <URL>")]
    [Description("Bybit REST base for gap backfill (default: the --bybit-url host over http(s), else https://api.bybit.com)")]
    public string? BybitRestUrl { get; init; }

    /// <summary>Kraken API base for the MacroEngine.</summary>
    [CommandOption("--kraken-url <URL>")]
    [Description("Kraken API base the MacroEngine reads OHLC from (default https://api.kraken.com)")]
    public string? KrakenUrl { get; init; }

    /// <summary>Trading configuration file.</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings (strategy, macro, biasFilter, risk; as `cst backtest --config`) the LogicEngine and MacroEngine get as Logic__TradingConfig (default: the defaults)")]
    public string? Config { get; init; }

    /// <summary>Subset of functions.</summary>
    [CommandOption("--functions <A,B>")]
    [Description("run only these functions (comma separated: Ingestor, Aggregator, LogicEngine, MacroEngine, Notifier, ChartRenderer, TelegramWebhook); default all")]
    public string? Functions { get; init; }

    /// <summary>Extra environment for one function.</summary>
    [CommandOption("--env <FUNCTION:KEY=VALUE>")]
    [Description("extra environment for one function, repeatable, e.g. --env Notifier:Telegram__ApiBaseUrl=http://127.0.0.1:8081 or --env Ingestor:Ingestor__BatchInterval=00:00:01")]
    public string[] Env { get; init; } = [];

    /// <summary>Leave the Ingestor out.</summary>
    [CommandOption("--no-ingestor")]
    [Description("do not run the Ingestor (publish to raw-tick-data-bybit yourself, or replay into candles-1m)")]
    public bool NoIngestor { get; init; }

    /// <summary>Build configuration to run.</summary>
    [CommandOption("--configuration <NAME>")]
    [Description("build configuration whose output runs: Release or Debug (default: the one cst itself was built in)")]
    public string? Configuration { get; init; }

    /// <summary>Project id.</summary>
    [CommandOption("--project <ID>")]
    [Description("Google Cloud project id inside the emulators (default cst-local)")]
    public string? Project { get; init; }

    /// <summary>Symbols.</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("symbols (the SYMBOLS every function gets; default the nine of terraform's var.symbols)")]
    public string? Symbols { get; init; }

    /// <summary>Use the emulators named by the environment.</summary>
    [CommandOption("--reuse-emulators")]
    [Description("use the emulators PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST name (scripts/emulators.sh start) instead of starting three")]
    public bool ReuseEmulators { get; init; }

    /// <summary>Repository root.</summary>
    [CommandOption("--repo <DIR>")]
    [Description("the repository root (default: found above the current directory)")]
    public string? Repo { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Configuration is not (null or "Debug" or "Release"))
        {
            return ValidationResult.Error($"--configuration must be Debug or Release, was '{Configuration}'");
        }

        foreach (var (name, value) in new[] { ("--bybit-url", BybitUrl), ("--bybit-rest-url", BybitRestUrl), ("--kraken-url", KrakenUrl) })
        {
            if (value is not null && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                return ValidationResult.Error($"{name} '{value}' is not an absolute URL");
            }
        }

        foreach (var entry in Env)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || equals <= colon + 1)
            {
                return ValidationResult.Error($"--env '{entry}' must look like FUNCTION:KEY=VALUE");
            }
        }

        return ValidationResult.Success();
    }
}
