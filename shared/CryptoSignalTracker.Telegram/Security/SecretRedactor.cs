namespace CryptoSignalTracker.Telegram.Security;

/// <summary>
/// Removes secrets (the bot token, its secret half, the Gemini key) from any text before it is logged or put in
/// an exception message. Everything this library logs or throws about a remote call goes through it.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Shorter values are not treated as secrets (they would mask ordinary words).</summary>
    public const int MinSecretLength = 6;

    private readonly string[] _secrets;

    /// <summary>Creates a redactor for <paramref name="secrets"/>; a bot token also masks its part after the colon.</summary>
    public SecretRedactor(params string?[] secrets)
    {
        var list = new List<string>();
        foreach (var s in secrets)
        {
            if (string.IsNullOrEmpty(s))
            {
                continue;
            }

            list.Add(s);
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && s.Length - colon - 1 >= MinSecretLength)
            {
                list.Add(s[(colon + 1)..]);
            }
        }

        // Longest first, so a token is masked whole before its secret half is looked for.
        _secrets = [.. list.Where(s => s.Length >= MinSecretLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>A redactor that masks nothing.</summary>
    public static SecretRedactor None { get; } = new();

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// A one-line, secret-free description of <paramref name="exception"/> and its inner exceptions
    /// (type names and messages only: no stack traces, request URLs or headers).
    /// </summary>
    public string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return Redact(string.Join(" ← ", parts));
    }
}
