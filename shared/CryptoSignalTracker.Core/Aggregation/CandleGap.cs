using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// A hole in a candle series: a run of intervals without trades longer than the fill limit, left unfilled.
/// </summary>
/// <param name="StartMs">Open time of the first missing candle (Unix ms UTC).</param>
/// <param name="EndMs">Open time of the next candle that exists (Unix ms UTC, exclusive end of the hole).</param>
public readonly record struct CandleGap(long StartMs, long EndMs)
{
    /// <summary>Length of the hole.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(EndMs - StartMs);

    /// <summary>A one-line description for warnings: <c>no trades from ... to ... (...); not filled</c>.</summary>
    public override string ToString() =>
        $"no trades from {WireNames.Time(StartMs)} to {WireNames.Time(EndMs)} ({Duration:c}); not filled";
}
