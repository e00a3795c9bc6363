using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>Options of <c>cst run</c>.</summary>
public sealed class RunSettings : CommandSettings
{
    /// <summary>Trade files to replay instead of the live feed.</summary>
    [CommandOption("--replay-trades <FILE>")]
    [Description("replay trade files (Bybit trade archive, Binance trades) through the Ingestor and Aggregator instead of the live feed")]
    public string[] ReplayTrades { get; init; } = [];

    /// <summary>Candle files to replay instead of the live feed.</summary>
    [CommandOption("--replay-candles <FILE>")]
    [Description("replay 1-minute candle files (as `cst backtest --candles` takes) as the Aggregator's closed candles")]
    public string[] ReplayCandles { get; init; } = [];

    /// <summary>Symbols (live: which to stream; replay: in file order, else from file names).</summary>
    [CommandOption("--symbols <S,...>")]
    [Description("live: symbols to stream (default the nine of the README); replay: symbols in file order (default: from the file names)")]
    public string? Symbols { get; init; }

    /// <summary>Replay speed: 0 = as fast as possible.</summary>
    [CommandOption("--speed <N>")]
    [Description("replay at N times real time (default 0: as fast as possible)")]
    [DefaultValue(0d)]
    public double Speed { get; init; }

    /// <summary>embedded or gcp.</summary>
    [CommandOption("--backend <NAME>")]
    [Description("embedded (in-process bus + SQLite, default) or gcp (Pub/Sub, Bigtable, Firestore; real or emulated via GOOGLE_CLOUD_PROJECT, PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST)")]
    [DefaultValue("embedded")]
    public string Backend { get; init; } = "embedded";

    /// <summary>The embedded store's file.</summary>
    [CommandOption("--db <FILE>")]
    [Description("embedded backend: SQLite file (default live: cst-run.db in the current directory; replay: a temporary file)")]
    public string? Db { get; init; }

    /// <summary>Where entry signals are written, one JSON object per line.</summary>
    [CommandOption("--signals-out <FILE>")]
    [Description("write every entry signal (MICRO and SWING) as one JSON object per line, the objects `cst backtest --json` puts in \"signals\"")]
    public string? SignalsOut { get; init; }

    /// <summary>Where closed trades (exits) are written, one JSON object per line.</summary>
    [CommandOption("--trades-out <FILE>")]
    [Description("write every exit as one JSON object per line, the objects `cst backtest --json` puts in \"trades\"")]
    public string? TradesOut { get; init; }

    /// <summary>Settings file.</summary>
    [CommandOption("--config <FILE>")]
    [Description("JSON settings (strategy, macro, biasFilter, risk; as `cst backtest --config`)")]
    public string? Config { get; init; }

    /// <summary>Bybit websocket URL.</summary>
    [CommandOption("--bybit-url <URL>")]
    [Description("Bybit v5 public linear websocket (default wss://stream.bybit.com/v5/public/linear)")]
    public string? BybitUrl { get; init; }

    /// <summary>Bybit REST URL (backfill).</summary>
    [CommandOption("--bybit-rest-url <URL>")]
    [Description("Bybit REST API for backfills (default https://api.bybit.com)")]
    public string? BybitRestUrl { get; init; }

    /// <summary>Kraken REST URL.</summary>
    [CommandOption("--kraken-url <URL>")]
    [Description("Kraken public REST API for the macro engine and a new database's 4-hour warm-up (default https://api.kraken.com)")]
    public string? KrakenUrl { get; init; }

    /// <summary>CryptoCompare REST URL (Kraken's fallback).</summary>
    [CommandOption("--cryptocompare-url <URL>")]
    [Description("CryptoCompare REST API, Kraken's fallback for the macro engine and the warm-up (default https://min-api.cryptocompare.com)")]
    public string? CryptoCompareUrl { get; init; }

    /// <summary>Minutes between macro runs when live.</summary>
    [CommandOption("--macro-every <MINUTES>")]
    [Description("live: run the macro engine every N minutes (default 5, as Cloud Scheduler does; 0 = off)")]
    [DefaultValue(5)]
    public int MacroEvery { get; init; } = 5;

    /// <summary>File the full log goes to.</summary>
    [CommandOption("--log <FILE>")]
    [Description("write the full log (every stage's information lines, warnings and errors) to FILE, appended")]
    public string? Log { get; init; }

    /// <summary>Serve the dashboard while the pipeline runs (optionally on ADDR).</summary>
    [CommandOption("--dashboard [ADDR]")]
    [Description("serve the dashboard while it runs, on ADDR (PORT, HOST:PORT; default 127.0.0.1 on a free port); prints one line with its link")]
    public FlagValue<string>? Dashboard { get; init; }

    /// <summary>The full log stream on the console instead of the live status view.</summary>
    [CommandOption("-v|--verbose")]
    [Description("live: print every stage's information lines here instead of the status view (the view needs a terminal)")]
    public bool Verbose { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (ReplayTrades.Length > 0 && ReplayCandles.Length > 0)
        {
            return ValidationResult.Error("--replay-trades and --replay-candles cannot be used together");
        }

        if (Speed < 0 || double.IsNaN(Speed) || double.IsInfinity(Speed))
        {
            return ValidationResult.Error($"--speed must be >= 0 (0 = as fast as possible), was {Speed}");
        }

        if (Backend is not ("embedded" or "gcp"))
        {
            return ValidationResult.Error($"--backend must be embedded or gcp, was '{Backend}'");
        }

        if (MacroEvery is < 0 or > 1440)
        {
            return ValidationResult.Error($"--macro-every must be 0..1440 minutes, was {MacroEvery}");
        }

        return ValidationResult.Success();
    }

    /// <summary>True when replaying files.</summary>
    public bool IsReplay => ReplayTrades.Length > 0 || ReplayCandles.Length > 0;
}
