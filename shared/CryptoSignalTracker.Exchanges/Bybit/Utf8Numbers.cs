using System.Globalization;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>Fast, exact parsing of the decimal strings and UUID trade ids in exchange frames, straight from UTF-8.</summary>
internal static class Utf8Numbers
{
    private const int MaxExactDigits = 15;   // any 15-digit integer is exact in a double (< 2^53)
    private const int UuidLength = 36;

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Parses a plain decimal such as <c>16578.50</c> (digits with at most one point; no sign, exponent or spaces).
    /// Gives exactly what <see cref="double.Parse(string, IFormatProvider)"/> gives: with at most 15 digits the
    /// mantissa and the power of ten are exact doubles, so one division rounds correctly; longer text goes to
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out double value)
    {
        ulong mantissa = 0;
        var digits = 0;
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                digits++;
            }
            else if (text[i] == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                value = 0;
                return false;
            }
        }

        if (digits == 0)
        {
            value = 0;
            return false;
        }

        if (digits > MaxExactDigits)
        {
            return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        }

        var fractionDigits = point < 0 ? 0 : text.Length - point - 1;
        value = mantissa / PowersOfTen[fractionDigits];
        return true;
    }

    /// <summary>
    /// Parses a canonical UUID (<c>20f43950-d8dd-5b31-9112-a178eb6023af</c>, either case) into the same
    /// <see cref="TradeId"/> that <see cref="TradeId.Parse"/> gives for it: the 16 bytes in text order, big-endian.
    /// </summary>
    public static bool TryParseUuid(ReadOnlySpan<byte> text, out TradeId id)
    {
        id = default;
        if (text.Length != UuidLength || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        {
            return false;
        }

        // groups 8-4-4 then 4-12: the first 16 hex digits are the high half, the last 16 the low half
        var invalid = 0;
        var high = Hex(text[..8], ref invalid);
        high = (high << 16) | Hex(text.Slice(9, 4), ref invalid);
        high = (high << 16) | Hex(text.Slice(14, 4), ref invalid);
        var low = Hex(text.Slice(19, 4), ref invalid);
        low = (low << 48) | Hex(text.Slice(24, 12), ref invalid);
        if (invalid > 0xF)
        {
            return false;
        }

        id = new TradeId(high, low);
        return true;
    }

    /// <summary>Up to 16 hex digits as a number; any non-hex byte sets bits above 0xF in <paramref name="invalid"/>.</summary>
    private static ulong Hex(ReadOnlySpan<byte> digits, ref int invalid)
    {
        ulong value = 0;
        foreach (var c in digits)
        {
            var nibble = HexTable[c];
            invalid |= nibble;
            value = (value << 4) | (uint)(nibble & 0xF);
        }

        return value;
    }

    /// <summary>Hex digit values; 0xFF for every byte that is not a hex digit.</summary>
    private static ReadOnlySpan<byte> HexTable =>
    [
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];
}
