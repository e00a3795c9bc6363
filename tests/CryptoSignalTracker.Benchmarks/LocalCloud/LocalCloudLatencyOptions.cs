using System.Globalization;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// What <c>localcloud-latency</c> replays and how: the real-candle window, the pacing of the fake Bybit's frames, the
/// Ingestor's batching settings and the trading configuration the LogicEngine runs with. Parsed from
/// <c>--name value</c> pairs; a bad value stops the run naming the option.
/// </summary>
public sealed record LocalCloudLatencyOptions
{
    /// <summary>
    /// Default <see cref="TradingConfig"/>: the macro engine off (no Kraken here, as in the end-to-end tests), no cool-down
    /// and a 3-minute time limit, so a position frees its symbol quickly and more set-ups become ENTRY messages to time.
    /// Latency is per decided minute; the settings change how many entries there are, not what a minute costs.
    /// </summary>
    public const string DefaultTradingConfig = """{"macro":{"enabled":false},"risk":{"cooldownMinutes":0,"maxHoldingMinutes":3}}""";

    /// <summary>Default <see cref="StartMs"/>: 2025-06-20 04:00 UTC, the densest 4 hours of data/sample for <see cref="DefaultTradingConfig"/> (21 entries in a full-history backtest).</summary>
    public static readonly long DefaultStartMs = new DateTimeOffset(2025, 6, 20, 4, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Default <see cref="Minutes"/>: 240.</summary>
    public const int DefaultMinutes = 240;

    /// <summary>Default <see cref="FrameDelay"/>: 75 ms, so a replayed minute (8 frames: 2 symbols x 4 trades) takes 600 ms of wall time.</summary>
    public static readonly TimeSpan DefaultFrameDelay = TimeSpan.FromMilliseconds(75);

    /// <summary>Default <see cref="BatchInterval"/>: 10 ms (the Ingestor's flush timer, which is also when it checks for closed minutes; production 5 s).</summary>
    public static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Default <see cref="CloseGrace"/>: 0 (production 2 s): the first frame of minute M+1 closes minute M.</summary>
    public static readonly TimeSpan DefaultCloseGrace = TimeSpan.Zero;

    /// <summary>Largest <see cref="CloseGrace"/> the harness accepts: below the 1 s offset of a minute's first synthesized trade, so that frame closes the previous minute.</summary>
    public static readonly TimeSpan MaxCloseGrace = TimeSpan.FromMilliseconds(900);

    /// <summary>Open time of the first replayed minute (Unix ms UTC); candles come from data/sample (BTCUSDT, SOLUSDT).</summary>
    public long StartMs { get; init; } = DefaultStartMs;

    /// <summary>Minutes replayed per run.</summary>
    public int Minutes { get; init; } = DefaultMinutes;

    /// <summary>Default <see cref="WarmupMinutes"/>: 10 (on a fresh cloud the first minutes queue behind cold processes: JIT, first connections).</summary>
    public const int DefaultWarmupMinutes = 10;

    /// <summary>Replayed minutes whose samples are reported apart, as cold start, not in the steady-state table.</summary>
    public int WarmupMinutes { get; init; } = DefaultWarmupMinutes;

    /// <summary>Runs, each on a fresh local cloud (new project, new function processes).</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Pause between two trade frames of the fake Bybit.</summary>
    public TimeSpan FrameDelay { get; init; } = DefaultFrameDelay;

    /// <summary><c>Ingestor__BatchInterval</c>.</summary>
    public TimeSpan BatchInterval { get; init; } = DefaultBatchInterval;

    /// <summary><c>Ingestor__CloseGrace</c>.</summary>
    public TimeSpan CloseGrace { get; init; } = DefaultCloseGrace;

    /// <summary>Trading configuration (inline JSON) for the LogicEngine and for the backtester the entries are checked against.</summary>
    public string TradingConfig { get; init; } = DefaultTradingConfig;

    /// <summary>CSV file every timed sample is appended to (run, kind, key, minute, t0, seen ms, published ms); null = none.</summary>
    public string? SamplesFile { get; init; }

    /// <summary>Parses <c>--samples FILE --start ISO --minutes N --warmup-minutes N --runs N --frame-delay-ms N --batch-interval T --close-grace T --config JSON</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or bad value (named).</exception>
    public static LocalCloudLatencyOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LocalCloudLatencyOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--start" => options with { StartMs = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds() },
                "--minutes" => options with { Minutes = Int(name, value) },
                "--warmup-minutes" => options with { WarmupMinutes = Int(name, value) },
                "--runs" => options with { Runs = Int(name, value) },
                "--frame-delay-ms" => options with { FrameDelay = TimeSpan.FromMilliseconds(Int(name, value)) },
                "--batch-interval" => options with { BatchInterval = Span(name, value) },
                "--close-grace" => options with { CloseGrace = Span(name, value) },
                "--config" => options with { TradingConfig = value },
                "--samples" => options with { SamplesFile = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown option '{name}'; the options are --start, --minutes, --warmup-minutes, --runs, --frame-delay-ms, --batch-interval, --close-grace, --config, --samples"),
            };
        }

        return options.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public LocalCloudLatencyOptions Validate()
    {
        if (Minutes < 3)
        {
            throw new ArgumentException($"--minutes must be at least 3 (the first and last minute are not timed), was {Minutes}");
        }

        if (WarmupMinutes < 0 || WarmupMinutes >= Minutes - 2)
        {
            throw new ArgumentException($"--warmup-minutes must be 0..{Minutes - 3} (fewer than the timed minutes), was {WarmupMinutes}");
        }

        if (Runs < 1)
        {
            throw new ArgumentException($"--runs must be at least 1, was {Runs}");
        }

        if (FrameDelay <= TimeSpan.Zero || BatchInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("--frame-delay-ms and --batch-interval must be positive");
        }

        if (CloseGrace < TimeSpan.Zero || CloseGrace > MaxCloseGrace)
        {
            throw new ArgumentException($"--close-grace must be 0..{MaxCloseGrace.TotalMilliseconds} ms (the frame at +1 s must close the previous minute), was {CloseGrace}");
        }

        if (!TradingConfig.TrimStart().StartsWith('{'))
        {
            throw new ArgumentException("--config must be inline JSON");
        }

        return this;
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name}: '{value}' is not a whole number");

    private static TimeSpan Span(string name, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : throw new ArgumentException($"{name}: '{value}' is not a time span such as 00:00:00.010");
}
