using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// The fast path of <see cref="BybitTradeFrameParser"/>: a strict scanner for the ordinary shape of a
/// <c>publicTrade</c> push (plain ASCII strings without escapes, scalar values, a <c>data</c> array of flat trade
/// objects). It accepts only well-formed JSON of that subset whose trades all pass the parser's checks; on
/// anything else it gives up and the parser runs its <see cref="System.Text.Json.Utf8JsonReader"/> path, which
/// handles every valid frame and words the error for invalid ones. So it never decides a frame differently.
/// </summary>
internal static class TradeFrameScanner
{
    private const int AllFields = 63;
    private const int MaxLongDigits = 18;

    /// <summary>Appends the frame's trades and returns true, or returns false (list untouched) to fall back.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, List<Trade> trades, Func<ReadOnlySpan<byte>, string?> symbolFor, out int count)
    {
        var start = trades.Count;
        count = 0;
        if (!TryParseFrame(s, trades, symbolFor, out var topicSymbol) || topicSymbol is null)
        {
            trades.RemoveRange(start, trades.Count - start);
            return false;
        }

        for (var i = start; i < trades.Count; i++)
        {
            var symbol = trades[i].Symbol;
            if (!ReferenceEquals(symbol, topicSymbol) && !string.Equals(symbol, topicSymbol, StringComparison.Ordinal))
            {
                trades.RemoveRange(start, trades.Count - start);
                return false;
            }
        }

        count = trades.Count - start;
        return true;
    }

    private static bool TryParseFrame(ReadOnlySpan<byte> s, List<Trade> trades, Func<ReadOnlySpan<byte>, string?> symbolFor, out string? topicSymbol)
    {
        topicSymbol = null;
        var p = 0;
        var sawData = false;
        if (!Expect(s, ref p, (byte)'{'))
        {
            return false;
        }

        while (true)
        {
            if (!TryString(s, ref p, out var key) || !Expect(s, ref p, (byte)':'))
            {
                return false;
            }

            if (key.SequenceEqual("topic"u8))
            {
                if (topicSymbol is not null || !TryString(s, ref p, out var topic) || !topic.StartsWith("publicTrade."u8))
                {
                    return false;
                }

                topicSymbol = symbolFor(topic["publicTrade.".Length..]);
                if (topicSymbol is null)
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("data"u8))
            {
                if (sawData || !TryTrades(s, ref p, trades, symbolFor))
                {
                    return false;
                }

                sawData = true;
            }
            else if (!SkipScalar(s, ref p))
            {
                return false;
            }

            SkipWhitespace(s, ref p);
            if (p < s.Length && s[p] == ',')
            {
                p++;
                continue;
            }

            if (p < s.Length && s[p] == '}')
            {
                p++;
                break;
            }

            return false;
        }

        SkipWhitespace(s, ref p);
        return p == s.Length && sawData;
    }

    private static bool TryTrades(ReadOnlySpan<byte> s, scoped ref int p, List<Trade> trades, Func<ReadOnlySpan<byte>, string?> symbolFor)
    {
        if (!Expect(s, ref p, (byte)'['))
        {
            return false;
        }

        SkipWhitespace(s, ref p);
        if (p < s.Length && s[p] == ']')
        {
            p++;
            return true;
        }

        var previousMs = long.MinValue;
        while (true)
        {
            if (!TryTrade(s, ref p, symbolFor, out var trade) || trade.TimeMs < previousMs)
            {
                return false;
            }

            previousMs = trade.TimeMs;
            trades.Add(trade);
            SkipWhitespace(s, ref p);
            if (p < s.Length && s[p] == ',')
            {
                p++;
                continue;
            }

            if (p < s.Length && s[p] == ']')
            {
                p++;
                return true;
            }

            return false;
        }
    }

    private static bool TryTrade(ReadOnlySpan<byte> s, scoped ref int p, Func<ReadOnlySpan<byte>, string?> symbolFor, out Trade trade)
    {
        trade = default;
        if (!Expect(s, ref p, (byte)'{'))
        {
            return false;
        }

        long time = 0;
        string? symbol = null;
        var side = TakerSide.Buy;
        double size = 0;
        double price = 0;
        TradeId id = default;
        var seen = 0;
        while (true)
        {
            if (!TryString(s, ref p, out var key) || !Expect(s, ref p, (byte)':'))
            {
                return false;
            }

            ReadOnlySpan<byte> value;
            switch (key.Length == 1 ? key[0] : 0)
            {
                case (byte)'T':
                    if (!TryPositiveLong(s, ref p, out time))
                    {
                        return false;
                    }

                    seen |= 1;
                    break;
                case (byte)'s':
                    if (!TryString(s, ref p, out value) || (symbol = symbolFor(value)) is null)
                    {
                        return false;
                    }

                    seen |= 2;
                    break;
                case (byte)'S':
                    if (!TryString(s, ref p, out value))
                    {
                        return false;
                    }

                    if (value.SequenceEqual("Buy"u8))
                    {
                        side = TakerSide.Buy;
                    }
                    else if (value.SequenceEqual("Sell"u8))
                    {
                        side = TakerSide.Sell;
                    }
                    else
                    {
                        return false;
                    }

                    seen |= 4;
                    break;
                case (byte)'v':
                    if (!TryString(s, ref p, out value) || !Utf8Numbers.TryParseDecimal(value, out size) || !(size > 0 && double.IsFinite(size)))
                    {
                        return false;
                    }

                    seen |= 8;
                    break;
                case (byte)'p':
                    if (!TryString(s, ref p, out value) || !Utf8Numbers.TryParseDecimal(value, out price) || !(price > 0 && double.IsFinite(price)))
                    {
                        return false;
                    }

                    seen |= 16;
                    break;
                case (byte)'i':
                    if (!TryString(s, ref p, out value) || !BybitTradeFrameParser.TryTradeId(value, out id))
                    {
                        return false;
                    }

                    seen |= 32;
                    break;
                default:
                    if (!SkipScalar(s, ref p))
                    {
                        return false;
                    }

                    break;
            }

            SkipWhitespace(s, ref p);
            if (p < s.Length && s[p] == ',')
            {
                p++;
                continue;
            }

            if (p < s.Length && s[p] == '}' && seen == AllFields)
            {
                p++;
                trade = new Trade(time, symbol!, side, price, size, id);
                return true;
            }

            return false;
        }
    }

    /// <summary>A string of printable ASCII without escapes (anything else falls back).</summary>
    private static bool TryString(ReadOnlySpan<byte> s, scoped ref int p, out ReadOnlySpan<byte> value)
    {
        value = default;
        SkipWhitespace(s, ref p);
        if (p >= s.Length || s[p] != '"')
        {
            return false;
        }

        var end = p + 1;
        while (true)
        {
            if (end >= s.Length)
            {
                return false;
            }

            var b = s[end];
            if (b == '"')
            {
                break;
            }

            if (b is < 0x20 or > 0x7E or (byte)'\\')
            {
                return false;
            }

            end++;
        }

        value = s[(p + 1)..end];
        p = end + 1;
        return true;
    }

    /// <summary>A JSON number made of digits only, no leading zero, positive, at most 18 digits.</summary>
    private static bool TryPositiveLong(ReadOnlySpan<byte> s, scoped ref int p, out long value)
    {
        value = 0;
        SkipWhitespace(s, ref p);
        var digits = 0;
        while (p + digits < s.Length && char.IsAsciiDigit((char)s[p + digits]))
        {
            value = (value * 10) + (s[p + digits] - '0');
            digits++;
        }

        if (digits == 0 || digits > MaxLongDigits || (digits > 1 && s[p] == '0') || value <= 0)
        {
            return false;
        }

        p += digits;
        return p >= s.Length || s[p] is not ((byte)'.' or (byte)'e' or (byte)'E');
    }

    /// <summary>Skips a string, number, true, false or null; objects and arrays fall back.</summary>
    private static bool SkipScalar(ReadOnlySpan<byte> s, scoped ref int p)
    {
        SkipWhitespace(s, ref p);
        if (p >= s.Length)
        {
            return false;
        }

        switch (s[p])
        {
            case (byte)'"':
                return TryString(s, ref p, out _);
            case (byte)'t':
                return Literal(s, ref p, "true"u8);
            case (byte)'f':
                return Literal(s, ref p, "false"u8);
            case (byte)'n':
                return Literal(s, ref p, "null"u8);
            default:
                return SkipNumber(s, ref p);
        }
    }

    /// <summary>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? as RFC 8259 defines a number.</summary>
    private static bool SkipNumber(ReadOnlySpan<byte> s, scoped ref int p)
    {
        var i = p;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit((char)s[i]))
        {
            return false;
        }

        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            i = Digits(s, i);
        }

        if (i < s.Length && s[i] == '.')
        {
            var after = Digits(s, i + 1);
            if (after == i + 1)
            {
                return false;
            }

            i = after;
        }

        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var after = Digits(s, i);
            if (after == i)
            {
                return false;
            }

            i = after;
        }

        p = i;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit((char)s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool Literal(ReadOnlySpan<byte> s, scoped ref int p, ReadOnlySpan<byte> literal)
    {
        if (!s[p..].StartsWith(literal))
        {
            return false;
        }

        p += literal.Length;
        return true;
    }

    private static bool Expect(ReadOnlySpan<byte> s, scoped ref int p, byte token)
    {
        SkipWhitespace(s, ref p);
        if (p >= s.Length || s[p] != token)
        {
            return false;
        }

        p++;
        return true;
    }

    private static void SkipWhitespace(ReadOnlySpan<byte> s, scoped ref int p)
    {
        while (p < s.Length && s[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            p++;
        }
    }
}
