using System.Text.Json;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>An HTTP answer of the fake Bot API.</summary>
public sealed record FakeReply(int Status, string Json)
{
    /// <summary>A Bot API error envelope, as Telegram sends it (protocols.md §3.1).</summary>
    public static FakeReply Error(int code, string description, int? retryAfter = null, long? migrateTo = null)
    {
        var parameters = new Dictionary<string, object>();
        if (retryAfter is int r)
        {
            parameters["retry_after"] = r;
        }

        if (migrateTo is long m)
        {
            parameters["migrate_to_chat_id"] = m;
        }

        var body = new Dictionary<string, object> { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters.Count > 0)
        {
            body["parameters"] = parameters;
        }

        return new FakeReply(code, JsonSerializer.Serialize(body));
    }
}
