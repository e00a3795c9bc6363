using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Macro;

/// <summary>What the macro rules give when they fire on a closed 5-minute candle: a SWING entry and a bias.</summary>
/// <param name="Intent">The SWING entry (entry = the 5-minute close).</param>
/// <param name="Bias">The symbol's new bias (direction, confidence, validity).</param>
/// <param name="CandleOpenTimeMs">Open time of the 5-minute candle decided on.</param>
public sealed record MacroSignal(EntryIntent Intent, MacroBias Bias, long CandleOpenTimeMs);
