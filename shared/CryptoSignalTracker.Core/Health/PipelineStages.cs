namespace CryptoSignalTracker.Core.Health;

/// <summary>The pipeline's stages whose health the dashboard shows, in the order data flows through them.</summary>
public static class PipelineStages
{
    /// <summary>Bybit trades in, raw-tick batches out.</summary>
    public const string Ingestor = "Ingestor";

    /// <summary>Raw ticks in, 1-minute candles stored and published on candles-1m.</summary>
    public const string Aggregator = "Aggregator";

    /// <summary>Candles in, the strategy's ENTRY/EXIT decisions out.</summary>
    public const string LogicEngine = "LogicEngine";

    /// <summary>The macro bias and its cross-check, run on a schedule.</summary>
    public const string MacroEngine = "MacroEngine";

    /// <summary>Signals in, alerts out (Telegram, or the console of <c>cst run</c>).</summary>
    public const string Notifier = "Notifier";

    /// <summary>Every stage, in flow order.</summary>
    public static readonly IReadOnlyList<string> All = [Ingestor, Aggregator, LogicEngine, MacroEngine, Notifier];
}
