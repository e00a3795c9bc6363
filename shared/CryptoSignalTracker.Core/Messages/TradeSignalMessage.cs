using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// One decoded <c>trade-signals-micro</c> message: an entry (<see cref="Signal"/> and the macro bias in force, if
/// any) or an exit (<see cref="Trade"/>). Encode and decode with <see cref="TradeSignalMessageCodec"/>.
/// </summary>
/// <param name="Type">Entry or exit.</param>
/// <param name="Signal">The signal of an entry; null for an exit.</param>
/// <param name="Bias">The macro bias shown with an entry; null when none.</param>
/// <param name="Trade">The closed trade of an exit; null for an entry.</param>
public sealed record TradeSignalMessage(TradeSignalMessageType Type, Signal? Signal, MacroBias? Bias, ClosedTrade? Trade)
{
    /// <summary>An entry message.</summary>
    public static TradeSignalMessage ForEntry(Signal signal, MacroBias? bias = null) =>
        new(TradeSignalMessageType.Entry, signal ?? throw new ArgumentNullException(nameof(signal)), bias, null);

    /// <summary>An exit message.</summary>
    public static TradeSignalMessage ForExit(ClosedTrade trade) =>
        new(TradeSignalMessageType.Exit, null, null, trade ?? throw new ArgumentNullException(nameof(trade)));
}
