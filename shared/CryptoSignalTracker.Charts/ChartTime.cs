using System.Globalization;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// The time axis: x coordinates are OLE automation dates (what ScottPlot's candlesticks use), tick positions fall on
/// round UTC times, labels are UTC.
/// </summary>
internal static class ChartTime
{
    /// <summary>Milliseconds in a minute.</summary>
    public const long MinuteMs = 60_000;

    /// <summary>Milliseconds in a day.</summary>
    public const long DayMs = 1440 * MinuteMs;

    /// <summary>Narrowest gap between two "HH:mm" tick labels, in pixels.</summary>
    private const float MinTickSpacingPx = 78;

    /// <summary>Tick steps tried in order, in minutes: the first that keeps labels <see cref="MinTickSpacingPx"/> apart wins.</summary>
    private static readonly long[] _stepsMinutes =
        [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2 * 1440, 7 * 1440, 14 * 1440, 28 * 1440, 91 * 1440, 364 * 1440];

    /// <summary>x coordinate of a Unix millisecond time.</summary>
    public static double ToX(long unixMs) => DateTime.UnixEpoch.AddMilliseconds(unixMs).ToOADate();

    /// <summary>x distance covered by <paramref name="ms"/> milliseconds.</summary>
    public static double Span(long ms) => ms / (double)DayMs;

    /// <summary>
    /// Major ticks on round UTC times between <paramref name="fromMs"/> and <paramref name="toMs"/> for a data area
    /// <paramref name="pixelWidth"/> wide, and the caption naming the time zone and date(s).
    /// Midnight ticks of an intraday axis show the date instead of 00:00.
    /// </summary>
    public static (IReadOnlyList<(double X, string Label)> Ticks, string Caption) Ticks(long fromMs, long toMs, float pixelWidth)
    {
        var spanMs = Math.Max(toMs - fromMs, MinuteMs);
        var maxTicks = Math.Max(2, (int)(pixelWidth / MinTickSpacingPx));
        var stepMs = _stepsMinutes[^1] * MinuteMs;
        foreach (var minutes in _stepsMinutes)
        {
            if (spanMs / (minutes * MinuteMs) + 1 <= maxTicks)
            {
                stepMs = minutes * MinuteMs;
                break;
            }
        }

        var ticks = new List<(double, string)>();
        var first = (long)Math.Ceiling(fromMs / (double)stepMs) * stepMs;
        for (var t = first; t <= toMs; t += stepMs)
        {
            ticks.Add((ToX(t), Label(t, stepMs)));
        }

        return (ticks, Caption(fromMs, toMs));
    }

    /// <summary>"yyyy-MM-dd HH:mm" in UTC.</summary>
    public static string Minute(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Label(long t, long stepMs)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime;
        if (stepMs >= DayMs || t % DayMs == 0)
        {
            return time.ToString("MMM dd", CultureInfo.InvariantCulture);
        }

        return time.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Caption(long fromMs, long toMs)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(fromMs).UtcDateTime;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(toMs).UtcDateTime;
        if (from.Date == to.Date)
        {
            return $"time (UTC), {from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        }

        return $"time (UTC), {from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
    }
}
