using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CryptoSignalTracker.Core.Security;

/// <summary>
/// Short-lived tokens that say "user U may do P until T", signed with HMAC-SHA256 under a key shared by whoever issues
/// them and whoever checks them (the bot issues dashboard links; the dashboard checks them and issues its session
/// cookie). The form is <c>{user}.{expiresUnixSeconds}.{signature}</c>, URL-safe; the purpose is signed but not
/// written, so a token made for one purpose (a 15-minute link) is not accepted for another (a session).
/// </summary>
/// <remarks>
/// Nothing is stored: a token cannot be revoked before it expires, which is why links live 15 minutes. The signature
/// is compared in constant time. A token never appears in a message this class produces.
/// </remarks>
public sealed class SignedToken
{
    /// <summary>Fewest key bytes accepted (the HMAC-SHA256 output size).</summary>
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer over <paramref name="key"/> (at least <see cref="MinKeyBytes"/> bytes).</summary>
    public SignedToken(byte[] key, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"the signing key has {key.Length} bytes; at least {MinKeyBytes} are needed", nameof(key));
        }

        _key = [.. key];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// The signer for a key given as base64 text (as Secret Manager or an environment variable holds it; generate one with
    /// <c>openssl rand -base64 32</c>). <paramref name="setting"/> names where it came from in the error.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty, not base64, or too short (the message names <paramref name="setting"/>, never the value).</exception>
    public static SignedToken FromBase64(string? text, string setting, TimeProvider? timeProvider = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{setting} is not set (a base64 key of at least {MinKeyBytes} bytes, e.g. from `openssl rand -base64 32`)");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{setting} is not base64 (expected a key of at least {MinKeyBytes} bytes, e.g. from `openssl rand -base64 32`)");
        }

        return key.Length < MinKeyBytes
            ? throw new ArgumentException($"{setting} holds {key.Length} bytes; at least {MinKeyBytes} are needed")
            : new SignedToken(key, timeProvider);
    }

    /// <summary>A token for <paramref name="userId"/> and <paramref name="purpose"/>, valid for <paramref name="lifetime"/> from now.</summary>
    public string Create(string purpose, long userId, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var body = string.Create(CultureInfo.InvariantCulture, $"{userId}.{expires}");
        return body + "." + System.Buffers.Text.Base64Url.EncodeToString(Sign(purpose, body));
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="purpose"/>: the user it was made for, or why it is refused.</summary>
    public SignedTokenCheck Verify(string purpose, string? token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var user) || user <= 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !TryBase64Url(parts[2], out var signature))
        {
            return SignedTokenCheck.Refused("malformed");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(purpose, parts[0] + "." + parts[1])))
        {
            return SignedTokenCheck.Refused("bad signature");
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires
            ? SignedTokenCheck.Refused("expired")
            : SignedTokenCheck.Valid(user, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private byte[] Sign(string purpose, string body) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("cst/" + purpose + "/" + body));

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        var valid = text.Length is > 0 and <= 64 && System.Buffers.Text.Base64Url.IsValid(text);
        bytes = valid ? System.Buffers.Text.Base64Url.DecodeFromChars(text) : [];
        return valid;
    }
}

/// <summary>What <see cref="SignedToken.Verify"/> found: the user and expiry of a valid token, or why it was refused.</summary>
/// <param name="IsValid">True when the token is genuine, for this purpose, and not expired.</param>
/// <param name="UserId">The user it was made for (0 when refused).</param>
/// <param name="ExpiresAt">When it stops working (default when refused).</param>
/// <param name="Reason">Why it was refused (<c>malformed</c>, <c>bad signature</c>, <c>expired</c>); null when valid.</param>
public sealed record SignedTokenCheck(bool IsValid, long UserId, DateTimeOffset ExpiresAt, string? Reason)
{
    internal static SignedTokenCheck Valid(long userId, DateTimeOffset expiresAt) => new(true, userId, expiresAt, null);

    internal static SignedTokenCheck Refused(string reason) => new(false, 0, default, reason);
}
