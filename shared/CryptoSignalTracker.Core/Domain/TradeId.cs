using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CryptoSignalTracker.Core.Domain;

/// <summary>
/// An exchange trade id held in 128 bits without a heap allocation, so that deduplication on the hot
/// path compares two integers. Numeric ids (Binance) and UUIDs (Bybit linear) are held exactly; any
/// other text of up to 15 ASCII bytes is packed exactly; longer text falls back to a SHA-256 prefix.
/// </summary>
public readonly record struct TradeId(ulong High, ulong Low)
{
    private const ulong NumericTag = 1UL << 63;
    private const ulong TextTag = 1UL << 62;

    /// <summary>The id of a numeric trade id such as Binance's <c>3535186032</c>.</summary>
    public static TradeId FromNumber(long id) => new(NumericTag, unchecked((ulong)id));

    /// <summary>Parses an exchange's textual trade id.</summary>
    public static TradeId Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            throw new FormatException("trade id is empty");
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return FromNumber(number);
        }

        if (text.Length == 36 && Guid.TryParseExact(text, "D", out var guid))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes, bigEndian: true, out _);
            return new TradeId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        }

        if (text.Length <= 15 && Ascii.IsValid(text))
        {
            Span<byte> packed = stackalloc byte[16];
            packed.Clear();
            packed[0] = (byte)text.Length;
            Encoding.ASCII.GetBytes(text, packed[1..]);
            return new TradeId(
                (BinaryPrimitives.ReadUInt64BigEndian(packed) & ~(NumericTag | TextTag)) | TextTag,
                BinaryPrimitives.ReadUInt64BigEndian(packed[8..]));
        }

        Span<byte> hash = stackalloc byte[32];
        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        SHA256.HashData(utf8, hash);
        return new TradeId(BinaryPrimitives.ReadUInt64BigEndian(hash) | NumericTag | TextTag, BinaryPrimitives.ReadUInt64BigEndian(hash[8..]));
    }
}
