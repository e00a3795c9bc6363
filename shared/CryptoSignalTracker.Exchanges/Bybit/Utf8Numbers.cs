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

        ulong high = 0;
        ulong low = 0;
        var nibbles = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                continue;
            }

            var nibble = HexValue(text[i]);
            if (nibble < 0)
            {
                return false;
            }

            if (nibbles++ < 16)
            {
                high = (high << 4) | (uint)nibble;
            }
            else
            {
                low = (low << 4) | (uint)nibble;
            }
        }

        id = new TradeId(high, low);
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
