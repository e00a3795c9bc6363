namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>Settings of the Ingestor (configuration section <see cref="Section"/>).</summary>
public sealed class IngestorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ingestor";

    /// <summary>Default <see cref="BatchInterval"/>: 5 s (docs/deploy.md's bill assumes it).</summary>
    public static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="CloseGrace"/>: 0 (a symbol's own first trade past the minute's end closes it).</summary>
    public static readonly TimeSpan DefaultCloseGrace = TimeSpan.Zero;

    /// <summary>Default <see cref="QuietClose"/>: 5 s.</summary>
    public static readonly TimeSpan DefaultQuietClose = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="CorrectionWindow"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultCorrectionWindow = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="StaleAfter"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>Default <see cref="BackfillAttempts"/>: 3.</summary>
    public const int DefaultBackfillAttempts = 3;

    /// <summary>Default <see cref="BackfillRetryDelay"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultBackfillRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="RecentTradeLimit"/>: 1000 (Bybit's maximum for linear).</summary>
    public const int DefaultRecentTradeLimit = 1000;

    /// <summary>Recent trades fetched per symbol to fill a feed gap. Default 1000.</summary>
    public int RecentTradeLimit { get; set; } = DefaultRecentTradeLimit;

    /// <summary>
    /// How often the trades of minutes still open are published as a batch per symbol (and quiet symbols checked).
    /// A minute that closes, and a correction, go out at once whatever this is. Default 5 s.
    /// </summary>
    public TimeSpan BatchInterval { get; set; } = DefaultBatchInterval;

    /// <summary>
    /// How far past a minute's end a symbol's own trade must be to close the minute (the symbol's own exchange time).
    /// Default 0: its first trade of the next minute closes it. Before per-symbol closing this was 2 s on one clock for all symbols.
    /// </summary>
    public TimeSpan CloseGrace { get; set; } = DefaultCloseGrace;

    /// <summary>
    /// The bound for a quiet symbol (no trade of its own past the minute's end): its minute closes once it has had no
    /// trade for this long (local time) and the exchange clock is this far past the minute's end. Default 5 s.
    /// </summary>
    public TimeSpan QuietClose { get; set; } = DefaultQuietClose;

    /// <summary>
    /// How long (in minutes of the symbol's own closes) a closed minute's trade ids are kept so a trade arriving late
    /// for it becomes a correction; a trade for a minute closed longer ago is counted, logged and not taken. Default 10 min.
    /// </summary>
    public TimeSpan CorrectionWindow { get; set; } = DefaultCorrectionWindow;

    /// <summary><c>/health</c> fails when no trade arrived (or no subscription stood) for this long. Default 2 min.</summary>
    public TimeSpan StaleAfter { get; set; } = DefaultStaleAfter;

    /// <summary>Kline requests per minute to backfill before the minute is marked a gap. Default 3.</summary>
    public int BackfillAttempts { get; set; } = DefaultBackfillAttempts;

    /// <summary>Delay between kline attempts. Default 1 s.</summary>
    public TimeSpan BackfillRetryDelay { get; set; } = DefaultBackfillRetryDelay;

    /// <summary>
    /// Whether the first minute after start-up was joined midway and is closed with Bybit's REST kline (default true:
    /// a live feed starts mid-minute). <c>cst run --replay-trades</c> sets false: a trade file holds its first minute
    /// from its first trade, as <c>cst aggregate</c> takes it, and a replay never contacts the network.
    /// </summary>
    public bool FirstMinuteJoinedMidway { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public IngestorOptions Validate()
    {
        if (BatchInterval <= TimeSpan.Zero || CloseGrace < TimeSpan.Zero || StaleAfter <= TimeSpan.Zero || BackfillRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}: {nameof(BatchInterval)} and {nameof(StaleAfter)} must be positive, {nameof(CloseGrace)} and {nameof(BackfillRetryDelay)} not negative");
        }

        if (QuietClose <= TimeSpan.Zero || QuietClose >= TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{Section}:{nameof(QuietClose)} must be positive and under a minute, was {QuietClose}");
        }

        if (CorrectionWindow < TimeSpan.FromMinutes(1) || CorrectionWindow > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{Section}:{nameof(CorrectionWindow)} must be 1 minute to 1 hour, was {CorrectionWindow}");
        }

        if (RecentTradeLimit is < 1 or > 1000)
        {
            throw new ArgumentException($"{Section}:{nameof(RecentTradeLimit)} must be 1..1000, was {RecentTradeLimit}");
        }

        if (BackfillAttempts < 1)
        {
            throw new ArgumentException($"{Section}:{nameof(BackfillAttempts)} must be at least 1, was {BackfillAttempts}");
        }

        return this;
    }
}
