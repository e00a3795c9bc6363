namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>Topic ids of the live pipeline's first half (terraform/pubsub.tf creates them on Google Cloud).</summary>
public static class PipelineTopics
{
    /// <summary>Trade batches and minute-closed markers from the Ingestor (ordering key = symbol).</summary>
    public const string RawTicks = "raw-tick-data-bybit";

    /// <summary>One event per closed 1-minute candle, from the Aggregator.</summary>
    public const string Candles = "candles-1m";

    /// <summary>Where unprocessable raw-tick messages go (terraform's dead-letter topic of <see cref="RawTicks"/>).</summary>
    public const string RawTicksDeadLetter = RawTicks + "-dead-letter";

    /// <summary>Message attribute with the message kind (<see cref="RawTickMessageCodec.TradesKind"/> or <see cref="RawTickMessageCodec.MinuteClosedKind"/>).</summary>
    public const string KindAttribute = "kind";

    /// <summary>Message attribute with the symbol.</summary>
    public const string SymbolAttribute = "symbol";
}
