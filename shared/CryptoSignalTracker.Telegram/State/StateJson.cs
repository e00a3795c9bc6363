using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Telegram.State;

/// <summary>JSON of the bot's state-store values (camelCase, enums as names); bad stored JSON is a <see cref="CorruptRecordException"/>.</summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json, string collection, string key)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new CorruptRecordException($"{collection}/{key}", "value is JSON null");
        }
        catch (JsonException e)
        {
            throw new CorruptRecordException($"{collection}/{key}", $"not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
