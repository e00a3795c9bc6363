namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>Settings of the Aggregator (configuration section <see cref="Section"/>).</summary>
public sealed class AggregatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Aggregator";

    /// <summary>Default <see cref="StaleClaimAfter"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultStaleClaimAfter = TimeSpan.FromMinutes(2);

    /// <summary>Default <see cref="FlatLookback"/>: 60 minutes (the aggregation's fill limit).</summary>
    public static readonly TimeSpan DefaultFlatLookback = TimeSpan.FromMinutes(60);

    /// <summary>Topic the closed candles go to. Default <c>candles-1m</c>.</summary>
    public string CandleTopic { get; set; } = CryptoSignalTracker.Exchanges.Bybit.Pipeline.PipelineTopics.Candles;

    /// <summary>
    /// A claim to publish a candle that is still "pending" after this long is taken over (its owner crashed
    /// between claiming and publishing). Default 2 min.
    /// </summary>
    public TimeSpan StaleClaimAfter { get; set; } = DefaultStaleClaimAfter;

    /// <summary>How far back a quiet minute without a known last price looks for the previous close. Default 60 min.</summary>
    public TimeSpan FlatLookback { get; set; } = DefaultFlatLookback;

    /// <summary>
    /// Off (zero, the default), or how often a forming candle is published: when a trade batch of a minute is stored
    /// and its last trade is at least this long after the minute's start or the minute's previous forming event, the
    /// minute's partials so far are merged and published on <see cref="CandleTopic"/> marked forming (never stored).
    /// The seed's cadence is 15 s (<c>Aggregator__FormingEvery=00:00:15</c>). Must be under a minute.
    /// </summary>
    public TimeSpan FormingEvery { get; set; } = TimeSpan.Zero;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public AggregatorOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CandleTopic, $"{Section}:{nameof(CandleTopic)}");
        if (StaleClaimAfter <= TimeSpan.Zero || FlatLookback <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}:{nameof(StaleClaimAfter)} and {nameof(FlatLookback)} must be positive");
        }

        if (FormingEvery < TimeSpan.Zero || FormingEvery >= TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{Section}:{nameof(FormingEvery)} must be zero (off) or positive and under a minute, was {FormingEvery}");
        }

        return this;
    }
}
