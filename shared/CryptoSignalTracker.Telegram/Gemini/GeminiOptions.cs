namespace CryptoSignalTracker.Telegram.Gemini;

/// <summary>The optional Gemini note (protocols.md §6). Without <see cref="ApiKey"/> no request is ever made.</summary>
public sealed class GeminiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Gemini";

    /// <summary>API key (from Secret Manager / the environment, e.g. <c>GEMINI_API_KEY</c>); null or empty disables the note.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Model name. Default <c>gemini-2.5-flash</c>.</summary>
    public string Model { get; init; } = "gemini-2.5-flash";

    /// <summary>API root (scheme and host; a local fake in tests). Default <c>https://generativelanguage.googleapis.com</c>.</summary>
    public Uri BaseUrl { get; init; } = new("https://generativelanguage.googleapis.com");

    /// <summary>Whole-request timeout; on expiry the note is simply left out. Default 8 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Longest note kept, characters (the rest is cut with an ellipsis). Default 300.</summary>
    public int MaxNoteLength { get; init; } = 300;

    /// <summary>Sampling temperature. Default 0.2 (terse and repeatable).</summary>
    public double Temperature { get; init; } = 0.2;

    /// <summary>Most output tokens requested. Default 256.</summary>
    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>True when a key is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model) || !Model.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            throw new ArgumentException($"Gemini model '{Model}' must be letters, digits, '-', '.' or '_'", nameof(Model));
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException("Gemini base URL must be an absolute http(s) URL", nameof(BaseUrl));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2))
        {
            throw new ArgumentException($"Gemini timeout {Timeout} is out of range (0..2 min]", nameof(Timeout));
        }

        if (MaxNoteLength is < 20 or > 2000 || MaxOutputTokens is < 16 or > 8192 || Temperature is < 0 or > 2)
        {
            throw new ArgumentException("Gemini note length must be 20..2000, output tokens 16..8192, temperature 0..2", nameof(MaxNoteLength));
        }
    }
}
