using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot.Requests;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>
/// <c>getUpdates</c> answered as raw JSON elements, so one update Telegram.Bot cannot read does not make the whole
/// batch fail (the typed <c>GetUpdates</c> throws for the batch, and the loop would fetch the same batch forever).
/// </summary>
internal sealed class RawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    /// <summary>First update id wanted; confirms every lower one.</summary>
    [JsonPropertyName("offset")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Offset { get; init; }

    /// <summary>Most updates returned.</summary>
    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    /// <summary>Long-poll timeout, seconds.</summary>
    [JsonPropertyName("timeout")]
    public int Timeout { get; init; }

    /// <summary>Update types wanted.</summary>
    [JsonPropertyName("allowed_updates")]
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}
