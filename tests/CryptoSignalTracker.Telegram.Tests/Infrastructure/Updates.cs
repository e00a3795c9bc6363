using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>Builds webhook updates from the JSON Telegram sends (protocols.md §3.9).</summary>
public static class Updates
{
    private static int _nextId = 900;

    /// <summary>Parses update JSON exactly as a webhook would.</summary>
    public static Update? Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options);

    /// <summary>A command message from user <paramref name="fromId"/> in chat <paramref name="chatId"/>.</summary>
    public static Update Command(long fromId, string text, long? chatId = null, string? chatType = null)
    {
        var chat = chatId ?? fromId;
        var type = chatType ?? (chat < 0 ? "supergroup" : "private");
        var command = text.Split(' ')[0];
        var json = $$"""
            {"update_id":{{Interlocked.Increment(ref _nextId)}},"message":{"message_id":5,"from":{"id":{{fromId}},"is_bot":false,"first_name":"A"},
            "chat":{"id":{{chat}},"type":"{{type}}"},"date":1700000000,"text":{{JsonSerializer.Serialize(text)}},
            "entities":[{"type":"bot_command","offset":0,"length":{{command.Length}} } ] } }
            """;
        return Parse(json)!;
    }

    /// <summary>A button press with <paramref name="data"/> on message <paramref name="messageId"/> in chat <paramref name="chatId"/>.</summary>
    public static Update Callback(long fromId, long chatId, int messageId, string? data)
    {
        var dataPart = data is null ? string.Empty : $",\"data\":{JsonSerializer.Serialize(data)}";
        var json = $$"""
            {"update_id":{{Interlocked.Increment(ref _nextId)}},"callback_query":{"id":"4382","from":{"id":{{fromId}},"is_bot":false,"first_name":"A"},
            "message":{"message_id":{{messageId}},"chat":{"id":{{chatId}},"type":"{{(chatId < 0 ? "supergroup" : "private")}}"},"date":1700000000,"text":"..."},
            "chat_instance":"-123"{{dataPart}} } }
            """;
        return Parse(json)!;
    }
}
