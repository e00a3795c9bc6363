using System.Diagnostics.CodeAnalysis;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>Enforces that indicator inputs arrive in strictly increasing time order.</summary>
internal static class TimeOrder
{
    /// <summary>The "no input yet" marker for a last-seen time.</summary>
    public const long None = long.MinValue;

    /// <summary>
    /// Returns <paramref name="timeMs"/> when it is after <paramref name="lastTimeMs"/>; throws otherwise.
    /// The throw lives in its own method so that this check stays tiny and inlinable in hot loops.
    /// </summary>
    public static long Next(string indicator, long timeMs, long lastTimeMs)
    {
        if (timeMs <= lastTimeMs)
        {
            ThrowOutOfOrder(indicator, timeMs, lastTimeMs);
        }

        return timeMs;
    }

    [DoesNotReturn]
    private static void ThrowOutOfOrder(string indicator, long timeMs, long lastTimeMs) =>
        throw new ArgumentException(
            $"{indicator}: input time {Describe(timeMs)} is not after the previous input time {Describe(lastTimeMs)}; " +
            "inputs must arrive in strictly increasing time order (call Reset() to start again)",
            nameof(timeMs));

    /// <summary>A time for an error message: ISO 8601 and milliseconds where representable, else milliseconds.</summary>
    internal static string Describe(long timeMs)
    {
        // WireNames.Time only accepts times DateTimeOffset can represent; anything else is shown raw.
        const long minMs = -62_135_596_800_000L;
        const long maxMs = 253_402_300_799_999L;
        return timeMs is >= minMs and <= maxMs
            ? $"{WireNames.Time(timeMs)} ({timeMs} ms)"
            : $"{timeMs} ms";
    }
}
