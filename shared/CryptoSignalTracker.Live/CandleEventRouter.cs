using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live;

/// <summary>
/// Hands one <c>candles-1m</c> event to the <see cref="LiveEngine"/> by its kind (the LogicEngine function and <c>cst run</c>
/// route alike): a forming candle to <see cref="LiveEngine.OnFormingAsync"/>; a closed candle to
/// <see cref="LiveEngine.OnCandleAsync"/>; a correction (a closed minute rewritten by trades that arrived late) is logged
/// at warning and, when its minute is already decided, dropped: the decision stands, so a correction never makes a
/// second ENTRY or EXIT. A correction of a minute not decided yet goes to <see cref="LiveEngine.OnCorrectionAsync"/>, where it
/// replaces the minute's closed candle whichever of the two arrives first. See docs/ingest.md.
/// </summary>
public static class CandleEventRouter
{
    /// <summary>Routes one event.</summary>
    public static Task RouteAsync(LiveEngine engine, string symbol, Candle candle, bool forming, bool correction, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(logger);
        if (forming)
        {
            return engine.OnFormingAsync(symbol, candle, cancellationToken);
        }

        if (correction)
        {
            if (engine.Watermark is { } decided && candle.OpenTimeMs <= decided)
            {
                logger.LogWarning(
                    "Correction of {Symbol} {Minute} (close {Close}, volume {Volume}) came after the minute was decided (up to {Watermark}): the decision stands; the candle store holds the corrected candle",
                    symbol, WireNames.Time(candle.OpenTimeMs), candle.Close, candle.Volume, WireNames.Time(decided));
                return Task.CompletedTask;
            }

            logger.LogWarning("Correction of {Symbol} {Minute} (close {Close}, volume {Volume}) before the minute was decided: handed to the engine as its closed candle",
                symbol, WireNames.Time(candle.OpenTimeMs), candle.Close, candle.Volume);
            return engine.OnCorrectionAsync(symbol, candle, cancellationToken);
        }

        return engine.OnCandleAsync(symbol, candle, cancellationToken);
    }
}
