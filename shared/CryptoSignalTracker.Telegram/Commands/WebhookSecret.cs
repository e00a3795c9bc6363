using System.Security.Cryptography;
using System.Text;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>The webhook's secret-token check (protocols.md §3.8).</summary>
public static class WebhookSecret
{
    /// <summary>The header Telegram sends the secret in.</summary>
    public const string HeaderName = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Longest secret Telegram accepts.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// True when <paramref name="headerValue"/> equals <paramref name="expected"/>. The comparison takes the same
    /// time whatever the inputs (both are hashed to 32 bytes, then compared with
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>), so timing reveals neither content nor length.
    /// A missing header never matches.
    /// </summary>
    public static bool Matches(string? headerValue, string expected)
    {
        Validate(expected);
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(headerValue ?? string.Empty));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b) && headerValue is not null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="secret"/> is 1-256 characters of <c>A-Z a-z 0-9 _ -</c>.</summary>
    public static void Validate(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxLength)
        {
            throw new ArgumentException($"the webhook secret must be 1-{MaxLength} characters", nameof(secret));
        }

        foreach (var c in secret)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                // Never echo the secret itself.
                throw new ArgumentException("the webhook secret may only contain A-Z, a-z, 0-9, '_' and '-'", nameof(secret));
            }
        }
    }

    /// <summary>A new random secret (43 URL-safe characters, 256 bits) to pass to <c>setWebhook</c>.</summary>
    public static string Generate() =>
        System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
