using System.Text;

namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>HTML parse-mode helpers: escaping dynamic text and cutting it to a budget without breaking an entity.</summary>
public static class TelegramHtml
{
    /// <summary>The mark appended to text that was cut.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// Escapes <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> and <c>"</c> (the only characters Telegram's HTML mode treats
    /// specially in text and attribute values). Null gives an empty string.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => null,
            } ?? c.ToString());
        }

        return sb.ToString();
    }

    /// <summary>
    /// Escapes <paramref name="text"/> and, when the escaped form is longer than <paramref name="maxLength"/>
    /// UTF-16 units, cuts the <b>plain</b> text (never inside an entity or a surrogate pair) and appends
    /// <see cref="Ellipsis"/>, so the result is valid HTML of at most <paramref name="maxLength"/> units.
    /// </summary>
    public static string EscapeAndFit(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var escaped = Escape(text);
        if (escaped.Length <= maxLength)
        {
            return escaped;
        }

        if (maxLength < Ellipsis.Length)
        {
            return string.Empty;
        }

        var budget = maxLength - Ellipsis.Length;
        var sb = new StringBuilder(budget + Ellipsis.Length);
        var plain = text!;
        for (var i = 0; i < plain.Length; i++)
        {
            var unit = char.IsHighSurrogate(plain[i]) && i + 1 < plain.Length && char.IsLowSurrogate(plain[i + 1])
                ? plain.Substring(i, 2)
                : plain[i].ToString();
            var piece = Escape(unit);
            if (sb.Length + piece.Length > budget)
            {
                break;
            }

            sb.Append(piece);
            i += unit.Length - 1;
        }

        return sb.Append(Ellipsis).ToString();
    }

    /// <summary>
    /// Cuts an HTML text made of self-contained lines (every tag closed on its line) at the last line break that
    /// keeps it within <paramref name="maxLength"/>, and marks the cut with a last line <see cref="Ellipsis"/>.
    /// </summary>
    public static string FitLines(string html, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length <= maxLength)
        {
            return html;
        }

        var cut = html.LastIndexOf('\n', Math.Max(0, maxLength - Ellipsis.Length - 2));
        return (cut > 0 ? html[..cut] : string.Empty) + "\n" + Ellipsis;
    }
}
