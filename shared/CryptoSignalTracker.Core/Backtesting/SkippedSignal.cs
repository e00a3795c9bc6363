using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>A set-up the strategy found that did not become a signal, and why (macro filter or a risk rule).</summary>
/// <param name="Id">The id the signal would have had.</param>
/// <param name="Symbol">Instrument.</param>
/// <param name="TimeMs">Open time of the decision candle.</param>
/// <param name="Side">LONG or SHORT.</param>
/// <param name="Kind">MICRO or SWING.</param>
/// <param name="Reason">Why it was skipped.</param>
/// <param name="Setup">What triggered the set-up.</param>
public sealed record SkippedSignal(string Id, string Symbol, long TimeMs, Direction Side, SignalKind Kind, string Reason, string Setup);
