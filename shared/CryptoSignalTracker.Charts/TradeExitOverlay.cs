using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts;

/// <summary>Where a position ended, drawn as a marker on the candle chart.</summary>
/// <param name="TimeMs">Open time of the candle in which the exit happened (Unix ms UTC).</param>
/// <param name="Price">Exit fill price.</param>
/// <param name="Reason">TP, SL, TIME or END.</param>
public sealed record TradeExitOverlay(long TimeMs, double Price, ExitReason Reason);
