using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>The argument checks every <see cref="ICandleStore"/> applies, so all implementations reject the same input.</summary>
public static class CandleStoreGuard
{
    /// <summary>Length of the candles the stores hold (1 minute), in ms.</summary>
    public const long MinuteMs = 60_000;

    /// <summary>
    /// Earliest accepted open time: 2001-09-09T01:46:40Z (10^9 Unix seconds). From here until the year
    /// 2286 Unix seconds have 10 digits, so decimal row keys sort in time order.
    /// </summary>
    public const long MinOpenTimeMs = 1_000_000_000_000;

    /// <summary>Latest accepted open time (exclusive): 10^10 Unix seconds, the first 11-digit value.</summary>
    public const long MaxOpenTimeMs = 10_000_000_000_000;

    /// <summary>Validates a write; returns the normalised symbol.</summary>
    /// <exception cref="ArgumentException">Bad symbol, or a candle not on a whole minute, out of range, or with a non-finite price.</exception>
    public static string ValidateWrite(string symbol, IReadOnlyList<Candle> candles)
    {
        ArgumentNullException.ThrowIfNull(candles);
        var s = ValidateSymbol(symbol);
        for (var i = 0; i < candles.Count; i++)
        {
            var c = candles[i];
            if (c.OpenTimeMs % MinuteMs != 0 || c.OpenTimeMs < MinOpenTimeMs || c.OpenTimeMs >= MaxOpenTimeMs)
            {
                throw new ArgumentException(
                    $"candle {i} of {s}: open time {c.OpenTimeMs} ms must be a whole minute between {MinOpenTimeMs} and {MaxOpenTimeMs} ms",
                    nameof(candles));
            }

            if (!double.IsFinite(c.Open) || !double.IsFinite(c.High) || !double.IsFinite(c.Low) || !double.IsFinite(c.Close) || !double.IsFinite(c.Volume))
            {
                throw new ArgumentException($"candle {i} of {s} at {WireNames.Time(c.OpenTimeMs)}: OHLCV must be finite numbers", nameof(candles));
            }
        }

        return s;
    }

    /// <summary>Validates a range read; returns the normalised symbol.</summary>
    /// <exception cref="ArgumentException">Bad symbol or <paramref name="toMs"/> before <paramref name="fromMs"/>.</exception>
    public static string ValidateRead(string symbol, long fromMs, long toMs)
    {
        var s = ValidateSymbol(symbol);
        if (toMs < fromMs)
        {
            throw new ArgumentException($"read of {s}: end {toMs} ms is before start {fromMs} ms", nameof(toMs));
        }

        return s;
    }

    private static string ValidateSymbol(string symbol)
    {
        try
        {
            return Symbols.Normalize(symbol ?? string.Empty);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, nameof(symbol), e);
        }
    }
}
