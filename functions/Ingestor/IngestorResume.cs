using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// Where a restarted Ingestor (the function on Cloud Run, or live <c>cst run</c>) picks the feed up
/// (<see cref="TradeIngestor.ResumeFrom"/>): per symbol, the first minute after the newest candle stored at or after the
/// LogicEngine's watermark (the watermark's next minute when none is). The minutes from there to the first push are a
/// feed gap, filled from Bybit's recent trades, else its klines. A new store (no watermark) starts at the feed's first
/// minute. Both reads are read-only. Found by the soak: without it the minutes a killed process had received but not
/// closed, and those while nothing ran, were missing from the store and decided without a candle.
/// </summary>
public static class IngestorResume
{
    private const long MinuteMs = 60_000;

    /// <summary>How long the Ingestor function waits for the stores on start before streaming without resuming.</summary>
    public static readonly TimeSpan FunctionReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The resume points (empty on a new store).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(
        IStateStore state, ICandleStore candles, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(symbols);
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

    /// <summary>
    /// The Ingestor function's start: <see cref="ReadAsync"/>, logged. Stores that cannot be read within
    /// <see cref="FunctionReadTimeout"/> are logged as an error naming why, and the function streams without resuming
    /// (losing the restart's minutes, as before, rather than not ingesting at all).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> ForFunctionAsync(
        IStateStore state, ICandleStore candles, IReadOnlyList<string> symbols, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FunctionReadTimeout);
        try
        {
            var next = await ReadAsync(state, candles, symbols, timeout.Token).ConfigureAwait(false);
            if (next.Count == 0)
            {
                logger.LogInformation("No LogicEngine watermark stored: a new store, the feed starts at its first push");
            }
            else
            {
                logger.LogInformation("Resuming after the stored candles: {next}", string.Join(", ", next.Select(p => $"{p.Key} from {WireNames.Time(p.Value)}")));
            }

            return next;
        }
        catch (Exception e) when (e is StoreException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e is StoreException ? e.Message : $"no answer within {FunctionReadTimeout.TotalSeconds:F0} s";
            logger.LogError("Could not read the stores to resume after the stored minutes ({reason}); streaming from the first push, the minutes since the last run are not backfilled", why);
            return new Dictionary<string, long>();
        }
    }
}
