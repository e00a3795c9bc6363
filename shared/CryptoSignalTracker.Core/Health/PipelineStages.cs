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

    /// <summary>
    /// The process's running total of inputs <paramref name="stage"/> refused, where the stage's own boundary counts them
    /// (the Ingestor: a Bybit frame's trades, or trades outside its clock's window); null for the others, whose refused
    /// messages are dead letters, counted as such.
    /// </summary>
    public static Func<long>? RejectedTotal(string stage) => stage == Ingestor
        ? () => Validation.Rejections.Total(Validation.Rejections.BybitFrame) + Validation.Rejections.Total(Validation.Rejections.Ingestor)
        : null;
}
