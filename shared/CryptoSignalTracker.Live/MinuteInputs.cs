using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Live;

/// <summary>
/// What a live minute was decided with beyond its candles: bias changes read from the bias store, the swing intents
/// applied, and the symbols decided without a candle. Journalled (state collection <see cref="Collection"/>, key =
/// the minute's Unix seconds) whenever not empty, so a rebuild replays the minute exactly as it was decided.
/// </summary>
internal sealed record MinuteInputs
{
    /// <summary>The state collection of the journal.</summary>
    public const string Collection = "logic-journal";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public List<MacroBias> Biases { get; init; } = [];

    /// <summary>The swing intents applied, as stored by the MacroEngine (SwingIntentCodec JSON).</summary>
    public List<string> Swings { get; init; } = [];

    public List<string> Missing { get; init; } = [];

    public bool IsEmpty => Biases.Count == 0 && Swings.Count == 0 && Missing.Count == 0;

    public static string Key(long minuteMs) => (minuteMs / 1000).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MinuteInputs FromJson(string key, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<MinuteInputs>(json, Json) ?? throw new FormatException("null");
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new FormatException($"logic journal entry {key} is not readable: {e.Message}", e);
        }
    }
}
