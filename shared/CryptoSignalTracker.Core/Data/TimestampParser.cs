namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Parses the timestamp spellings found in market data files into Unix milliseconds UTC, without allocating.
/// </summary>
/// <remarks>
/// <para>Accepted forms:</para>
/// <list type="bullet">
/// <item>ISO 8601 dates and date-times: <c>2025-05-30</c>, <c>2025-05-30T16:39</c>, <c>2025-05-30 16:39:00</c>,
/// <c>2025-05-30T16:39:00.123Z</c>, <c>2025-05-30 16:39:00+00:00</c>, <c>...+0200</c>, <c>...-05</c>.
/// The date and time may be separated by <c>T</c> or a space; seconds and fractions are optional; without a
/// zone the time is UTC. Fractions finer than a millisecond are truncated.</item>
/// <item>Unix epoch numbers, with an optional fraction. The unit is decided by magnitude of the integer part:
/// below 10^11 it is seconds (10^11 s is the year 5138), below 10^14 milliseconds (10^11 ms is 1973-03-03,
/// so millisecond times before March 1973 cannot be written this way), below 10^17 microseconds, else
/// nanoseconds. Sub-millisecond parts are truncated, so a trade never moves into the next minute.</item>
/// </list>
/// </remarks>
public static class TimestampParser
{
    /// <summary>Integer parts below this are Unix seconds.</summary>
    public const long SecondsBelow = 100_000_000_000L;

    /// <summary>Integer parts below this (and at least <see cref="SecondsBelow"/>) are Unix milliseconds.</summary>
    public const long MillisecondsBelow = 100_000_000_000_000L;

    /// <summary>Integer parts below this (and at least <see cref="MillisecondsBelow"/>) are Unix microseconds; larger ones nanoseconds.</summary>
    public const long MicrosecondsBelow = 100_000_000_000_000_000L;

    private const long MsPerSecond = 1000;
    private const long MsPerMinute = 60 * MsPerSecond;
    private const long MsPerHour = 60 * MsPerMinute;
    private const long MsPerDay = 24 * MsPerHour;
    private const int MaxIntegerDigits = 19;
    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>Parses <paramref name="text"/> (surrounding spaces allowed) into Unix milliseconds UTC.</summary>
    /// <returns>False when the text is not one of the accepted forms or names an impossible date or time.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long unixMs)
    {
        text = text.Trim();
        unixMs = 0;
        if (text.Length >= 10 && text[4] == '-')
        {
            return TryParseIso(text, out unixMs);
        }

        return TryParseEpoch(text, out unixMs);
    }

    /// <summary>Parses <paramref name="text"/> into Unix milliseconds UTC or throws a <see cref="FormatException"/> naming it.</summary>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var ms)
            ? ms
            : throw new FormatException($"'{text}' is not a timestamp (expected ISO 8601 or Unix seconds/milliseconds)");
    }

    private static bool TryParseEpoch(ReadOnlySpan<char> text, out long unixMs)
    {
        unixMs = 0;
        var dot = text.IndexOf('.');
        var integer = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : text[(dot + 1)..];
        if (integer.IsEmpty || integer.Length > MaxIntegerDigits || (dot >= 0 && fraction.IsEmpty))
        {
            return false;
        }

        long whole = 0;
        foreach (var c in integer)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            whole = (whole * 10) + (c - '0');
        }

        var fractionMs = 0;
        var scale = 100;
        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            fractionMs += (c - '0') * scale;
            scale /= 10;
        }

        unixMs = whole switch
        {
            < SecondsBelow => (whole * MsPerSecond) + fractionMs,
            < MillisecondsBelow => whole,
            < MicrosecondsBelow => whole / 1000,
            _ => whole / 1_000_000,
        };
        return true;
    }

    private static bool TryParseIso(ReadOnlySpan<char> s, out long unixMs)
    {
        unixMs = 0;
        if (s[7] != '-'
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long ms = (new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber) * MsPerDay;
        var rest = s[10..];
        if (rest.IsEmpty)
        {
            unixMs = ms;
            return true;
        }

        // time: [T ]HH:mm[:ss[.f+]]
        if (rest.Length < 6 || rest[0] is not ('T' or 't' or ' ') || rest[3] != ':'
            || !TryDigits(rest.Slice(1, 2), out var hour) || !TryDigits(rest.Slice(4, 2), out var minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        ms += (hour * MsPerHour) + (minute * MsPerMinute);
        rest = rest[6..];
        if (rest.Length > 0 && rest[0] == ':')
        {
            if (rest.Length < 3 || !TryDigits(rest.Slice(1, 2), out var second) || second > 59)
            {
                return false;
            }

            ms += second * MsPerSecond;
            rest = rest[3..];
            if (rest.Length > 0 && rest[0] is '.' or ',')
            {
                var digits = 1;
                var scale = 100;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                {
                    ms += (rest[digits] - '0') * scale;
                    scale /= 10;
                    digits++;
                }

                if (digits == 1)
                {
                    return false;
                }

                rest = rest[digits..];
            }
        }

        if (!TryParseZone(rest, out var offsetMs))
        {
            return false;
        }

        unixMs = ms - offsetMs;
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<char> zone, out long offsetMs)
    {
        offsetMs = 0;
        if (zone.IsEmpty || zone is "Z" || zone is "z")
        {
            return true;
        }

        if (zone[0] is not ('+' or '-') || zone.Length < 3 || !TryDigits(zone.Slice(1, 2), out var hours) || hours > 23)
        {
            return false;
        }

        var minutes = 0;
        var tail = zone[3..];
        if (tail.Length > 0 && tail[0] == ':')
        {
            tail = tail[1..];
            if (tail.Length != 2)
            {
                return false;
            }
        }

        if (tail.Length == 2)
        {
            if (!TryDigits(tail, out minutes) || minutes > 59)
            {
                return false;
            }
        }
        else if (tail.Length != 0)
        {
            return false;
        }

        offsetMs = ((hours * MsPerHour) + (minutes * MsPerMinute)) * (zone[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
