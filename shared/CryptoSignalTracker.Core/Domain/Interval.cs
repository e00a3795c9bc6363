using System.Globalization;

namespace CryptoSignalTracker.Core.Domain;

/// <summary>A candle interval of a whole number of minutes (1m, 5m, 15m, 1h, 4h, 1d ...).</summary>
public readonly record struct Interval
{
    /// <summary>Creates an interval of <paramref name="minutes"/> whole minutes (1 to 10080).</summary>
    public Interval(int minutes)
    {
        if (minutes is < 1 or > 10080)
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "an interval is 1 minute to 7 days");
        }

        Minutes = minutes;
    }

    /// <summary>One minute.</summary>
    public static Interval OneMinute { get; } = new(1);

    /// <summary>Length in whole minutes.</summary>
    public int Minutes { get; }

    /// <summary>Length in milliseconds.</summary>
    public long Milliseconds => Minutes * 60_000L;

    /// <summary>The open time of the interval that contains <paramref name="timeMs"/> (aligned to the Unix epoch).</summary>
    public long Floor(long timeMs) => timeMs - (((timeMs % Milliseconds) + Milliseconds) % Milliseconds);

    /// <summary>Parses <c>1m</c>, <c>15m</c>, <c>1h</c>, <c>4h</c>, <c>1d</c> or a bare number of minutes.</summary>
    public static Interval Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        var (digits, unit) = t.Length > 0 && char.IsLetter(t[^1]) ? (t[..^1], t[^1]) : (t, 'm');
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new FormatException($"'{text}' is not an interval (expected e.g. 1m, 5m, 15m, 1h, 4h, 1d)");
        }

        var minutes = unit switch
        {
            'm' => n,
            'h' => n * 60,
            'd' => n * 1440,
            _ => throw new FormatException($"'{text}' is not an interval (unit must be m, h or d)"),
        };
        return new Interval(minutes);
    }

    /// <inheritdoc />
    public override string ToString() => Minutes % 1440 == 0 ? $"{Minutes / 1440}d" : Minutes % 60 == 0 ? $"{Minutes / 60}h" : $"{Minutes}m";
}
