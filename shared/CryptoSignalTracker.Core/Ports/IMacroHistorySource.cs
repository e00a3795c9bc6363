using CryptoSignalTracker.Core.Macro;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// 4-hour history from outside the pipeline (Kraken, else CryptoCompare) for warming up the macro rules' 4-hour EMA on a
/// new deployment, whose candle store does not yet hold what the EMA needs.
/// </summary>
public interface IMacroHistorySource
{
    /// <summary>
    /// The warm-up of <paramref name="symbol"/> for an engine whose first own minute is <paramref name="firstMinuteMs"/>:
    /// the last <paramref name="count"/> closed 4-hour candles before that minute's 4-hour bucket
    /// (<see cref="MacroWarmUp.Select"/>), with the source they came from.
    /// </summary>
    /// <exception cref="Exception">No source answered; the message names what each one answered.</exception>
    Task<MacroWarmUp> WarmUpAsync(string symbol, long firstMinuteMs, int count, CancellationToken cancellationToken);
}
