using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;

namespace CryptoSignalTracker.Live;

/// <summary>
/// One stored snapshot of the <see cref="LiveEngine"/> (state collection <see cref="Collection"/>, key = the minute's
/// Unix seconds, as the journal): the <see cref="TradingEngine"/>'s state and the macro reader's after the decided minute
/// <see cref="MinuteMs"/>. The stored JSON carries a format version, the fingerprint of the configuration it was taken
/// with, the symbols, and a SHA-256 over all of it, so a damaged snapshot, one of another format or one taken under other
/// settings is refused (<see cref="Decode"/>) and the rebuild falls back to an older one or a full replay.
/// </summary>
internal sealed record EngineSnapshot(long MinuteMs, byte[] Engine, byte[] Macro)
{
    /// <summary>The state collection of the snapshots.</summary>
    public const string Collection = "logic-snapshots";

    /// <summary>The format written; a snapshot of any other is not loaded.</summary>
    public const int Format = 1;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The key of the snapshot of <paramref name="minuteMs"/> (the journal's key form, so they sort alike).</summary>
    public static string Key(long minuteMs) => MinuteInputs.Key(minuteMs);

    /// <summary>The minute of a snapshot key, or null when the key is not one.</summary>
    public static long? MinuteOf(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds * 1000 : null;

    /// <summary>
    /// The fingerprint of the settings a snapshot depends on: the trading configuration, macro resampling and the symbols.
    /// A snapshot taken under another fingerprint is refused (a changed configuration rebuilds by a full replay).
    /// </summary>
    public static string Fingerprint(TradingConfig config, bool resampleMacro, IReadOnlyList<string> symbols)
    {
        var text = JsonSerializer.Serialize(config) + "|" + resampleMacro + "|" + string.Join(",", symbols);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The stored form: JSON with the format, fingerprint, symbols, checksum and both states (base64).</summary>
    public string Encode(string fingerprint, IReadOnlyList<string> symbols)
    {
        var stored = new Stored(Format, MinuteMs, fingerprint, [.. symbols], null, Convert.ToBase64String(Engine), Convert.ToBase64String(Macro));
        return JsonSerializer.Serialize(stored with { Sha256 = Checksum(stored) }, Json);
    }

    /// <summary>
    /// Reads the stored form <paramref name="json"/> of key <paramref name="key"/>, checking everything it can before
    /// any state is loaded.
    /// </summary>
    /// <exception cref="FormatException">Unreadable, damaged (checksum), of another format, key, configuration or symbols; the message says which.</exception>
    public static EngineSnapshot Decode(string key, string json, string fingerprint, IReadOnlyList<string> symbols)
    {
        Stored stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(json, Json) ?? throw new FormatException("null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"snapshot {key} is not readable JSON: {e.Message}", e);
        }

        if (stored.Format != Format)
        {
            throw new FormatException($"snapshot {key} has format {stored.Format}, this engine reads format {Format}");
        }

        if (stored.Sha256 is null || !string.Equals(stored.Sha256, Checksum(stored), StringComparison.Ordinal))
        {
            throw new FormatException($"snapshot {key} does not match its checksum (damaged)");
        }

        if (MinuteOf(key) != stored.MinuteMs)
        {
            throw new FormatException($"snapshot {key} holds minute {stored.MinuteMs}, not its key's");
        }

        if (!string.Equals(stored.Config, fingerprint, StringComparison.Ordinal))
        {
            throw new FormatException($"snapshot {key} was taken under other settings (fingerprint {stored.Config}, now {fingerprint}: trading config, Logic:ResampleMacro or Logic:Symbols changed)");
        }

        if (stored.Symbols is null || !stored.Symbols.SequenceEqual(symbols, StringComparer.Ordinal))
        {
            throw new FormatException($"snapshot {key} is of the symbols {string.Join(",", stored.Symbols ?? [])}, the engine trades {string.Join(",", symbols)}");
        }

        try
        {
            return new EngineSnapshot(stored.MinuteMs, Convert.FromBase64String(stored.Engine ?? ""), Convert.FromBase64String(stored.Macro ?? ""));
        }
        catch (FormatException e)
        {
            throw new FormatException($"snapshot {key}: a state is not base64: {e.Message}", e);
        }
    }

    private static string Checksum(Stored stored)
    {
        var text = string.Join("|", stored.Format, stored.MinuteMs, stored.Config, string.Join(",", stored.Symbols ?? []), stored.Engine, stored.Macro);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The stored JSON.</summary>
    private sealed record Stored(int Format, long MinuteMs, string? Config, List<string>? Symbols, string? Sha256, string? Engine, string? Macro);
}
