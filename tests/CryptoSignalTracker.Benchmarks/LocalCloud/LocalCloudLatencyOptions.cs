using System.Globalization;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// What <c>localcloud-latency</c> replays and how: the real-candle window, the warm-up, the pacing of the timed
/// minutes, the builds compared (this repository and, with <see cref="PeerRoot"/>, an older checkout run as the peer)
/// and the trading configuration. Parsed from <c>--name value</c> pairs; a bad value stops the run naming the option.
/// </summary>
public sealed record LocalCloudLatencyOptions
{
    /// <summary>
    /// Default <see cref="TradingConfig"/>: a deliberately loose strategy, for the measurement only, so that a short run
    /// has many ENTRY messages to time (the production thresholds give about 3 an hour on these two symbols): RSI 45/55
    /// instead of 25/75, a volume spike of 0.8x the average instead of 1.5x, no cool-down, positions closed after one
    /// minute, the macro engine off (no Kraken here). The pipeline's settings are untouched; the strategy decides how
    /// many minutes end in an ENTRY, not what deciding a minute costs.
    /// </summary>
    public const string DefaultTradingConfig = """{"macro":{"enabled":false},"strategy":{"oversold":45,"overbought":55,"volumeFactor":0.8},"risk":{"cooldownMinutes":0,"maxHoldingMinutes":1}}""";

    /// <summary>Default <see cref="StartMs"/>: 2025-06-20 04:00 UTC (data/sample, BTCUSDT and SOLUSDT).</summary>
    public static readonly long DefaultStartMs = new DateTimeOffset(2025, 6, 20, 4, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Default <see cref="Minutes"/>: 45 (25 warm-up, 19 timed, the last closed by the clock frame).</summary>
    public const int DefaultMinutes = 45;

    /// <summary>Default <see cref="WarmupMinutes"/>: 25 (RSI 14 and the 20-candle volume average need 21 candles before a first signal).</summary>
    public const int DefaultWarmupMinutes = 25;

    /// <summary>Default <see cref="FrameDelay"/>: 20 ms between frames.</summary>
    public static readonly TimeSpan DefaultFrameDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Default <see cref="MinuteWall"/>: 3 s of wall time per timed minute (its first 2 s in real time).</summary>
    public static readonly TimeSpan DefaultMinuteWall = TimeSpan.FromSeconds(3);

    /// <summary>Smallest <see cref="MinuteWall"/>: the real-time 2 s at a minute's start plus the other frames.</summary>
    public static readonly TimeSpan MinMinuteWall = TimeSpan.FromMilliseconds(2_500);

    /// <summary>Open time of the first replayed minute (Unix ms UTC); candles come from data/sample.</summary>
    public long StartMs { get; init; } = DefaultStartMs;

    /// <summary>Symbols replayed (data/sample has BTCUSDT and SOLUSDT).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = SourceData.Symbols;

    /// <summary>Minutes replayed per run.</summary>
    public int Minutes { get; init; } = DefaultMinutes;

    /// <summary>Minutes replayed fast and not timed first: the strategy's indicators warm up on them.</summary>
    public int WarmupMinutes { get; init; } = DefaultWarmupMinutes;

    /// <summary>How long the timed minutes wait at most for the warm-up candles to come through.</summary>
    public TimeSpan WarmUpTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Runs of each configuration, alternating (current, peer, current, peer...), each on a fresh local cloud.</summary>
    public int Runs { get; init; } = 2;

    /// <summary>Pause between two trade frames of the fake Bybit.</summary>
    public TimeSpan FrameDelay { get; init; } = DefaultFrameDelay;

    /// <summary>Wall time from one timed minute's first frame to the next one's.</summary>
    public TimeSpan MinuteWall { get; init; } = DefaultMinuteWall;

    /// <summary><c>Ingestor__BatchInterval</c> for both builds; null = each build's own default (production's).</summary>
    public TimeSpan? BatchInterval { get; init; }

    /// <summary><c>Ingestor__CloseGrace</c> for both builds; null = each build's own default (production's).</summary>
    public TimeSpan? CloseGrace { get; init; }

    /// <summary>Repository root of the peer build (an older checkout with its functions built in Release); null = no peer.</summary>
    public string? PeerRoot { get; init; }

    /// <summary>Trading configuration (inline JSON) for the LogicEngine and for the backtester the entries are checked against.</summary>
    public string TradingConfig { get; init; } = DefaultTradingConfig;

    /// <summary>CSV file every timed sample is appended to (config, run, kind, key, minute, t0, seen ms, published ms); null = none.</summary>
    public string? SamplesFile { get; init; }

    /// <summary>
    /// Parses <c>--samples FILE --start ISO --minutes N --warmup-minutes N --runs N --frame-delay-ms N --minute-wall-ms N
    /// --batch-interval T --close-grace T --peer-root DIR --config JSON</c>.
    /// </summary>
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
                "--minute-wall-ms" => options with { MinuteWall = TimeSpan.FromMilliseconds(Int(name, value)) },
                "--batch-interval" => options with { BatchInterval = Span(name, value) },
                "--close-grace" => options with { CloseGrace = Span(name, value) },
                "--peer-root" => options with { PeerRoot = Path.GetFullPath(value) },
                "--config" => options with { TradingConfig = value },
                "--samples" => options with { SamplesFile = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown option '{name}'; the options are --start, --minutes, --warmup-minutes, --runs, --frame-delay-ms, --minute-wall-ms, --batch-interval, --close-grace, --peer-root, --config, --samples"),
            };
        }

        return options.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public LocalCloudLatencyOptions Validate()
    {
        if (WarmupMinutes < 1 || WarmupMinutes >= Minutes - 2)
        {
            throw new ArgumentException($"--warmup-minutes must be 1..{Minutes - 3} (fewer than the replayed minutes less two), was {WarmupMinutes}");
        }

        if (Runs < 1)
        {
            throw new ArgumentException($"--runs must be at least 1, was {Runs}");
        }

        if (FrameDelay <= TimeSpan.Zero || BatchInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("--frame-delay-ms and --batch-interval must be positive");
        }

        if (MinuteWall < MinMinuteWall)
        {
            throw new ArgumentException($"--minute-wall-ms must be at least {MinMinuteWall.TotalMilliseconds} (2 s of real time at each minute's start plus the other frames), was {MinuteWall.TotalMilliseconds}");
        }

        if (CloseGrace < TimeSpan.Zero || CloseGrace > TimeSpan.FromSeconds(2))
        {
            throw new ArgumentException($"--close-grace must be 0..00:00:02 (a trade at +2.05 s closes the previous minute), was {CloseGrace}");
        }

        if (PeerRoot is { } peer && !File.Exists(Path.Combine(peer, "CryptoSignalTracker.sln")))
        {
            throw new ArgumentException($"--peer-root {peer} is not a checkout of this repository (no CryptoSignalTracker.sln)");
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
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : throw new ArgumentException($"{name}: '{value}' is not a time span such as 00:00:05");
}
