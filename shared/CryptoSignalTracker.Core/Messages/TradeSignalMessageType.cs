namespace CryptoSignalTracker.Core.Messages;

/// <summary>What a <c>trade-signals-micro</c> message announces.</summary>
public enum TradeSignalMessageType
{
    /// <summary>A new signal (<c>"ENTRY"</c>).</summary>
    Entry,

    /// <summary>A closed position (<c>"EXIT"</c>).</summary>
    Exit,
}
