using System.Text.Json;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>One request the fake Bot API received: method, token from the path, fields (JSON or multipart) and files.</summary>
public sealed record RecordedRequest(
    string Method,
    string Token,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, byte[]> Files,
    string ContentType,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The chat_id field as a number.</summary>
    public long ChatId => long.Parse(Fields["chat_id"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A field or null.</summary>
    public string? Field(string name) => Fields.TryGetValue(name, out var v) ? v : null;

    /// <summary>The callback_data of the first inline button, or null.</summary>
    public string? FirstButtonCallbackData()
    {
        var markup = Field("reply_markup");
        if (markup is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(markup);
        return doc.RootElement.GetProperty("inline_keyboard")[0][0].GetProperty("callback_data").GetString();
    }
}
