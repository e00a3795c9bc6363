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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public AggregatorOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CandleTopic, $"{Section}:{nameof(CandleTopic)}");
        if (StaleClaimAfter <= TimeSpan.Zero || FlatLookback <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}:{nameof(StaleClaimAfter)} and {nameof(FlatLookback)} must be positive");
        }

        return this;
    }
}
