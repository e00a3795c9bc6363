using System.Globalization;

namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>How numbers are written in alerts: invariant culture, no exponent, no thousands separators.</summary>
public static class PriceText
{
    /// <summary>Significant digits shown for a price: enough for every tick size the 9 symbols use.</summary>
    public const int SignificantDigits = 7;

    /// <summary>Most decimals ever shown (a price of 1e-12 or below prints as 0).</summary>
    public const int MaxDecimals = 12;

    /// <summary>
    /// A price with <see cref="SignificantDigits"/> significant digits and trailing zeros trimmed:
    /// <c>104337.8</c>, <c>2650.12</c>, <c>0.5123</c>, <c>0.000012345</c>. NaN and infinities print as <c>n/a</c>.
    /// </summary>
    public static string Price(double value)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        if (value == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(SignificantDigits - 1 - magnitude, 0, MaxDecimals);
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded.ToString("0." + new string('#', MaxDecimals), CultureInfo.InvariantCulture);
    }

    /// <summary>A signed percentage with two decimals: <c>+1.50%</c>, <c>-0.70%</c>, <c>0.00%</c>.</summary>
    public static string SignedPercent(double percent) =>
        double.IsFinite(percent) ? percent.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>A signed amount with two decimals: <c>+203.12</c>, <c>-70.00</c>.</summary>
    public static string SignedAmount(double value) =>
        double.IsFinite(value) ? value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>An amount with two decimals: <c>10000.00</c>.</summary>
    public static string Amount(double value) =>
        double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A ratio or R multiple with two decimals and a sign when <paramref name="signed"/>: <c>2.14</c>, <c>+1.00</c>.</summary>
    public static string Ratio(double value, bool signed = false) =>
        !double.IsFinite(value) ? "n/a"
        : signed ? value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A 0-100 score without decimals: <c>72</c>.</summary>
    public static string Score(double value) =>
        double.IsFinite(value) ? Math.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A duration in words: <c>45s</c>, <c>12m</c>, <c>1h 23m</c>, <c>2d 4h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds}s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : $"{(int)span.TotalDays}d {span.Hours}h";
    }

    /// <summary>A UTC time to the minute: <c>2025-05-30 16:39 UTC</c>.</summary>
    public static string UtcMinute(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
