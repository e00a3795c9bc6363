using System.Net;
using System.Text.RegularExpressions;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>Turns the Telegram HTML the <see cref="Formatting.AlertFormatter"/> writes into plain text for a terminal.</summary>
public static partial class PlainAlertText
{
    /// <summary>
    /// <paramref name="html"/> without its tags, with entities (<c>&amp;lt;</c>, <c>&amp;amp;</c>, numeric ones ...)
    /// turned back into characters. Tags go first: the formatter escapes every <c>&lt;</c> of dynamic text, so
    /// anything between angle brackets is markup, and a decoded <c>&lt;</c> is never mistaken for one.
    /// </summary>
    public static string FromTelegramHtml(string? html) =>
        string.IsNullOrEmpty(html) ? string.Empty : WebUtility.HtmlDecode(Tag().Replace(html, string.Empty));

    [GeneratedRegex("<[^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
