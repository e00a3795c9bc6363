using System.Globalization;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// What <c>localcloud-scale</c> replays: how many synthetic symbols (<see cref="ScaleFeed"/>), how many minutes, the
/// warm-up and the trading configuration. Parsed from <c>--name value</c> pairs; a bad value stops the run naming it.
/// </summary>
public sealed record LocalCloudScaleOptions
{
    /// <summary>
    /// Default <see cref="TradingConfig"/>, for the measurement only: RSI over 2 candles and a 2-candle volume average,
    /// so the indicators are warm after 3 minutes, extremes 10/90, a spike above 1x the average, no cool-down, one
    /// minute's holding, a tiny risk per trade under a 100 % portfolio budget (hundreds of positions may be open), the
    /// macro engine off (no Kraken here). About 5 % of symbol-minutes end in an ENTRY, so 300 symbols give enough
    /// samples in a few minutes. The pipeline's settings are the production defaults.
    /// </summary>
    public const string DefaultTradingConfig = """{"macro":{"enabled":false},"strategy":{"rsiPeriod":2,"volumePeriod":2,"oversold":10,"overbought":90,"volumeFactor":1.0},"risk":{"cooldownMinutes":0,"maxHoldingMinutes":1,"riskPerTradePercent":0.01,"maxPortfolioRiskPercent":100}}""";

    /// <summary>Open time of the first synthetic minute: 2026-01-05 00:00 UTC.</summary>
    public long StartMs { get; init; } = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Synthetic symbols. Default 300.</summary>
    public int Symbols { get; init; } = 300;

    /// <summary>Minutes replayed: the warm-up, the settle minutes, the measured ones, and a last one the clock frame closes. Default 8.</summary>
    public int Minutes { get; init; } = 8;

    /// <summary>Warm-up minutes, replayed at <see cref="WarmUpSpeed"/> and not measured. Default 3.</summary>
    public int WarmupMinutes { get; init; } = 3;

    /// <summary>How many times real time the warm-up minutes go. Default 6.</summary>
    public double WarmUpSpeed { get; init; } = 6;

    /// <summary>Real-time minutes after the warm-up that are not measured (the warm-up's backlog drains). Default 1.</summary>
    public int SettleMinutes { get; init; } = 1;

    /// <summary>Seed of the synthetic market. Default 11 (the issue).</summary>
    public int Seed { get; init; } = 11;

    /// <summary>Trading configuration (inline JSON).</summary>
    public string TradingConfig { get; init; } = DefaultTradingConfig;

    /// <summary>Parses <c>--symbols N --minutes N --warmup-minutes N --settle-minutes N --warmup-speed X --seed N --config JSON</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or bad value (named).</exception>
    public static LocalCloudScaleOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LocalCloudScaleOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--symbols" => options with { Symbols = Int(name, value) },
                "--minutes" => options with { Minutes = Int(name, value) },
                "--warmup-minutes" => options with { WarmupMinutes = Int(name, value) },
                "--warmup-speed" => options with { WarmUpSpeed = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"{name}: '{value}' is not a number") },
                "--settle-minutes" => options with { SettleMinutes = Int(name, value) },
                "--seed" => options with { Seed = Int(name, value) },
                "--config" => options with { TradingConfig = value },
                _ => throw new ArgumentException($"unknown option '{name}'; the options are --symbols, --minutes, --warmup-minutes, --settle-minutes, --warmup-speed, --seed, --config"),
            };
        }

        if (options.Symbols is < 1 or > 999)
        {
            throw new ArgumentException($"--symbols must be 1..999, was {options.Symbols}");
        }

        if (options.WarmupMinutes < 1 || options.SettleMinutes < 0 || options.WarmupMinutes + options.SettleMinutes > options.Minutes - 2)
        {
            throw new ArgumentException($"--warmup-minutes (1 or more) and --settle-minutes (0 or more) must leave at least one measured minute and the last of --minutes {options.Minutes}, were {options.WarmupMinutes} and {options.SettleMinutes}");
        }

        if (options.WarmUpSpeed is < 1 or > 1000)
        {
            throw new ArgumentException($"--warmup-speed must be 1..1000, was {options.WarmUpSpeed}");
        }

        if (!options.TradingConfig.TrimStart().StartsWith('{'))
        {
            throw new ArgumentException("--config must be inline JSON");
        }

        return options;
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name}: '{value}' is not a whole number");
}
