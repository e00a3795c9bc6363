using System.Security.Cryptography;
using System.Text;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>
/// The short, store-safe key of a signal: the signal id itself when it is a valid store name that fits in a
/// chart button's callback data, otherwise <c>h-</c> + the first 32 hex digits of its SHA-256 (deterministic,
/// so every instance derives the same key).
/// </summary>
public static class SignalKeys
{
    /// <summary>Prefix of the chart button's callback data.</summary>
    public const string ChartPrefix = "c:";

    private const string HashPrefix = "h-";
    private const int HashHexDigits = 32;

    /// <summary>The key of <paramref name="signalId"/>.</summary>
    public static string Of(string signalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(signalId);
        return Fits(signalId) ? signalId : Hash(signalId);
    }

    /// <summary>The chart button's callback data for <paramref name="signalId"/> (at most 64 UTF-8 bytes).</summary>
    public static string ChartCallback(string signalId) => ChartPrefix + Of(signalId);

    /// <summary>The signal key in chart callback data, or null when <paramref name="data"/> is not a chart callback.</summary>
    public static string? ParseChartCallback(string? data)
    {
        if (data is null || !data.StartsWith(ChartPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = data[ChartPrefix.Length..];
        return IsValidName(key) ? key : null;
    }

    /// <summary>A key derived from several parts (e.g. signal id and chat id), always a valid store name.</summary>
    internal static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return HashPrefix + Convert.ToHexStringLower(bytes)[..HashHexDigits];
    }

    private static bool Fits(string id) =>
        Encoding.UTF8.GetByteCount(id) + ChartPrefix.Length <= TelegramLimits.CallbackData
        && !id.StartsWith(HashPrefix, StringComparison.Ordinal)
        && IsValidName(id);

    private static bool IsValidName(string name)
    {
        try
        {
            StoreNames.Validate(name, "key");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
