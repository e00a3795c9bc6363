namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>A bot command split into its name and arguments.</summary>
/// <param name="Name">Lower-case command without the slash and without <c>@botname</c>, e.g. <c>chart</c>.</param>
/// <param name="Args">Whitespace-separated arguments.</param>
public sealed record ParsedCommand(string Name, IReadOnlyList<string> Args)
{
    /// <summary>Longest command name accepted (Telegram allows 32).</summary>
    public const int MaxNameLength = 32;

    /// <summary>
    /// Parses <paramref name="text"/> when it starts with <c>/</c>. Returns null for non-commands and for commands
    /// addressed to another bot (<c>/cmd@OtherBot</c> when <paramref name="botUsername"/> is set).
    /// </summary>
    public static ParsedCommand? TryParse(string? text, string? botUsername)
    {
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            return null;
        }

        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var head = parts[0][1..];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var target = head[(at + 1)..];
            if (botUsername is not null && !string.Equals(target, botUsername.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            head = head[..at];
        }

        if (head.Length is 0 or > MaxNameLength || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        return new ParsedCommand(head.ToLowerInvariant(), parts[1..]);
    }
}
