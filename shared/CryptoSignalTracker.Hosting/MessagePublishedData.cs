using System.Globalization;
using System.Text.Json;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// The data of a <c>google.cloud.pubsub.topic.v1.messagePublished</c> CloudEvent (proto
/// <c>google.events.cloud.pubsub.v1.MessagePublishedData</c>), which is also the shape of a plain Pub/Sub push
/// body: <c>{"message":{...},"subscription":"projects/p/subscriptions/s","deliveryAttempt":1}</c>.
/// </summary>
/// <param name="Message">The message.</param>
/// <param name="Subscription">The subscription that delivered it ("" when absent).</param>
/// <param name="DeliveryAttempt">Pub/Sub's delivery attempt (only sent when the subscription has a dead-letter policy), else null.</param>
public sealed record MessagePublishedData(PubsubMessage Message, string Subscription, int? DeliveryAttempt)
{
    /// <summary>Parses the JSON form; accepts camelCase and snake_case field names.</summary>
    /// <exception cref="FormatException">Not JSON, no <c>message</c> object, or a field of the wrong type (names it).</exception>
    public static MessagePublishedData Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return ParseDocument(json);
        }
        catch (InvalidOperationException ex)
        {
            // a string that is not valid UTF-8 or UTF-16 (e.g. a lone surrogate escape) cannot be read as text
            throw new FormatException($"the Pub/Sub message body holds a string that is not valid text: {ex.Message}", ex);
        }
    }

    private static MessagePublishedData ParseDocument(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the Pub/Sub message body is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"the Pub/Sub message body is a JSON {root.ValueKind}, expected an object with 'message'");
            }

            if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the Pub/Sub message body has no 'message' object");
            }

            var data = ReadOnlyMemory<byte>.Empty;
            if (message.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
            {
                if (dataElement.ValueKind != JsonValueKind.String || !dataElement.TryGetBytesFromBase64(out var bytes))
                {
                    throw new FormatException("'message.data' must be a base64 string");
                }

                data = bytes;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (message.TryGetProperty("attributes", out var attributesElement) && attributesElement.ValueKind != JsonValueKind.Null)
            {
                if (attributesElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("'message.attributes' must be an object of strings");
                }

                foreach (var attribute in attributesElement.EnumerateObject())
                {
                    if (attribute.Value.ValueKind != JsonValueKind.String)
                    {
                        throw new FormatException($"attribute '{attribute.Name}' must be a string, was {attribute.Value.ValueKind}");
                    }

                    attributes[attribute.Name] = attribute.Value.GetString()!;
                }
            }

            var messageId = ReadString(message, "messageId", "message_id");
            var publishTimeText = ReadString(message, "publishTime", "publish_time");
            DateTimeOffset? publishTime = null;
            if (publishTimeText.Length > 0)
            {
                if (!DateTimeOffset.TryParse(publishTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new FormatException($"'message.publishTime' '{publishTimeText}' is not an RFC 3339 time");
                }

                publishTime = parsed;
            }

            var orderingKey = ReadString(message, "orderingKey", "ordering_key");
            var subscription = ReadString(root, "subscription", "subscription");
            int? attempt = null;
            if (root.TryGetProperty("deliveryAttempt", out var attemptElement) || root.TryGetProperty("delivery_attempt", out attemptElement))
            {
                if (attemptElement.ValueKind != JsonValueKind.Number || !attemptElement.TryGetInt32(out var value))
                {
                    throw new FormatException("'deliveryAttempt' must be an integer");
                }

                attempt = value;
            }

            return new MessagePublishedData(new PubsubMessage(data, attributes, messageId, publishTime, orderingKey), subscription, attempt);
        }
    }

    private static string ReadString(JsonElement element, string camel, string snake)
    {
        if (!element.TryGetProperty(camel, out var value) && !element.TryGetProperty(snake, out value))
        {
            return string.Empty;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => string.Empty,
            _ => throw new FormatException($"'{camel}' must be a string, was {value.ValueKind}"),
        };
    }
}
