using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// Where a restarted live <c>cst run</c> picks the feed up: per symbol, the first minute after the newest candle stored
/// at or after the LogicEngine's watermark (the watermark's next minute when none is). A new store (no watermark)
/// starts at the feed's first minute, as before. Found by the soak: without it the minutes a killed process had received
/// but not closed, and those while nothing ran, were missing from the store and decided without a candle.
/// </summary>
internal static class IngestorResume
{
    private const long MinuteMs = 60_000;

    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(
        IStateStore state, ICandleStore candles, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        var text = await state.GetAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, cancellationToken).ConfigureAwait(false);
        if (text is null || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var watermark))
        {
            return new Dictionary<string, long>();
        }

        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            var after = await candles.ReadAsync(symbol, watermark, long.MaxValue, cancellationToken).ConfigureAwait(false);
            next[symbol] = (after.Count > 0 ? after.Max(c => c.OpenTimeMs) : watermark) + MinuteMs;
        }

        return next;
    }
}
