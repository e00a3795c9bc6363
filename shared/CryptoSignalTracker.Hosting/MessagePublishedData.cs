using System.Buffers;
using System.Buffers.Text;
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
    /// <summary>
    /// Parses the JSON form; accepts camelCase and snake_case field names. The message data is decoded from base64 into
    /// one array of its decoded size (no copy of the JSON, no pooled scratch buffer).
    /// </summary>
    /// <exception cref="FormatException">Not JSON, no <c>message</c> object, or a field of the wrong type (names it).</exception>
    public static MessagePublishedData Parse(ReadOnlyMemory<byte> json) => Read(json.Span, writable: null);

    /// <summary>
    /// Parses <paramref name="json"/> like <see cref="Parse"/>, but decodes the message data in place: the base64 text in
    /// <paramref name="json"/> is overwritten by the bytes it encodes, and <see cref="PubsubMessage.Data"/> is a slice of
    /// that array, so a request body costs its own size and no copy (a JsonDocument parse rented a metadata buffer of at
    /// least the body's size plus a base64 scratch buffer from the shared pool, which keeps them, and copied the data).
    /// The caller hands the array over: after the call it no longer holds the JSON.
    /// </summary>
    /// <exception cref="FormatException">As <see cref="Parse"/>.</exception>
    public static MessagePublishedData ParseInPlace(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(json, json);
    }

    private static MessagePublishedData Read(ReadOnlySpan<byte> json, byte[]? writable)
    {
        try
        {
            return new EnvelopeReader(writable).Read(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the Pub/Sub message body is not JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // a string that is not valid UTF-8 or UTF-16 (e.g. a lone surrogate escape) cannot be read as text
            throw new FormatException($"the Pub/Sub message body holds a string that is not valid text: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One forward pass of <see cref="Utf8JsonReader"/> over the body. The whole body is read before a field problem is
    /// reported, so a body that is not JSON is always named as such (as a parsed document would).
    /// </summary>
    private sealed class EnvelopeReader(byte[]? writable)
    {
        private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
        private string? _problem;
        private bool _hasMessage;
        private ReadOnlyMemory<byte> _data = ReadOnlyMemory<byte>.Empty;
        private readonly TextField _messageId = new("messageId", "message_id");
        private readonly TextField _publishTime = new("publishTime", "publish_time");
        private readonly TextField _orderingKey = new("orderingKey", "ordering_key");
        private string? _subscription;
        private int? _attempt;
        private int? _attemptSnake;

        public MessagePublishedData Read(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = KindOf(reader.TokenType);
                reader.Skip();
                ReadToEnd(ref reader);
                throw new FormatException($"the Pub/Sub message body is a JSON {kind}, expected an object with 'message'");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ReadMessage(ref reader);
                }
                else if (reader.ValueTextEquals("subscription"u8))
                {
                    reader.Read();
                    _subscription = ReadString(ref reader, "subscription");
                }
                else if (reader.ValueTextEquals("deliveryAttempt"u8))
                {
                    reader.Read();
                    _attempt = ReadAttempt(ref reader);
                }
                else if (reader.ValueTextEquals("delivery_attempt"u8))
                {
                    reader.Read();
                    _attemptSnake = ReadAttempt(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            ReadToEnd(ref reader);
            if (!_hasMessage)
            {
                throw new FormatException("the Pub/Sub message body has no 'message' object");
            }

            if (_problem is not null)
            {
                throw new FormatException(_problem);
            }

            var publishTimeText = _publishTime.Value;
            DateTimeOffset? publishTime = null;
            if (publishTimeText.Length > 0)
            {
                if (!DateTimeOffset.TryParse(publishTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new FormatException($"'message.publishTime' '{publishTimeText}' is not an RFC 3339 time");
                }

                publishTime = parsed;
            }

            var message = new PubsubMessage(_data, _attributes, _messageId.Value, publishTime, _orderingKey.Value);
            return new MessagePublishedData(message, _subscription ?? string.Empty, _attempt ?? _attemptSnake);
        }

        private static void ReadToEnd(ref Utf8JsonReader reader)
        {
            // Anything after the root value other than white space is a JSON error the reader throws here.
            while (reader.Read())
            {
            }
        }

        private static string KindOf(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => nameof(JsonValueKind.Object),
            JsonTokenType.StartArray => nameof(JsonValueKind.Array),
            JsonTokenType.String => nameof(JsonValueKind.String),
            JsonTokenType.Number => nameof(JsonValueKind.Number),
            JsonTokenType.True => nameof(JsonValueKind.True),
            JsonTokenType.False => nameof(JsonValueKind.False),
            JsonTokenType.Null => nameof(JsonValueKind.Null),
            _ => token.ToString(),
        };

        private void Problem(string problem) => _problem ??= problem;

        private void ReadMessage(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                _hasMessage = false;
                return;
            }

            _hasMessage = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    ReadData(ref reader);
                }
                else if (reader.ValueTextEquals("attributes"u8))
                {
                    reader.Read();
                    ReadAttributes(ref reader);
                }
                else if (!TryReadField(ref reader, _messageId) && !TryReadField(ref reader, _publishTime) && !TryReadField(ref reader, _orderingKey))
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        /// <summary>Reads the current property's value into <paramref name="field"/> when the property is that field.</summary>
        private bool TryReadField(ref Utf8JsonReader reader, TextField field)
        {
            var snake = reader.ValueTextEquals(field.SnakeName);
            if (!snake && !reader.ValueTextEquals(field.CamelName))
            {
                return false;
            }

            reader.Read();
            var value = ReadString(ref reader, field.Name);
            if (snake)
            {
                field.Snake = value;
            }
            else
            {
                field.Camel = value;
            }

            return true;
        }

        private void ReadData(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                _data = ReadOnlyMemory<byte>.Empty;
                return;
            }

            if (reader.TokenType != JsonTokenType.String || !TryDecodeBase64(ref reader, out var data))
            {
                reader.Skip();
                Problem("'message.data' must be a base64 string");
                return;
            }

            _data = data;
        }

        /// <summary>
        /// The bytes the current base64 string token encodes: decoded in place in the body when it may be written and the
        /// token has no JSON escapes (Pub/Sub never escapes base64); else into one array of the token's size.
        /// </summary>
        private bool TryDecodeBase64(ref Utf8JsonReader reader, out ReadOnlyMemory<byte> data)
        {
            data = ReadOnlyMemory<byte>.Empty;
            byte[] target;
            int start;
            int length;
            if (!reader.ValueIsEscaped && writable is not null)
            {
                (target, start, length) = (writable, checked((int)reader.TokenStartIndex + 1), reader.ValueSpan.Length);
            }
            else if (!reader.ValueIsEscaped)
            {
                var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(reader.ValueSpan.Length)];
                if (Base64.DecodeFromUtf8(reader.ValueSpan, decoded, out _, out var count) != OperationStatus.Done)
                {
                    return false;
                }

                data = decoded.AsMemory(0, count);
                return true;
            }
            else
            {
                target = new byte[reader.ValueSpan.Length];
                (start, length) = (0, reader.CopyString(target));
            }

            if (Base64.DecodeFromUtf8InPlace(target.AsSpan(start, length), out var written) != OperationStatus.Done)
            {
                return false;
            }

            data = target.AsMemory(start, written);
            return true;
        }

        private void ReadAttributes(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                Problem("'message.attributes' must be an object of strings");
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    _attributes[name] = reader.GetString()!;
                }
                else
                {
                    Problem($"attribute '{name}' must be a string, was {KindOf(reader.TokenType)}");
                    reader.Skip();
                }
            }
        }

        private string? ReadString(ref Utf8JsonReader reader, string camel)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString()!;
                case JsonTokenType.Null:
                    return string.Empty;
                default:
                    Problem($"'{camel}' must be a string, was {KindOf(reader.TokenType)}");
                    reader.Skip();
                    return null;
            }
        }

        private int? ReadAttempt(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                return value;
            }

            Problem("'deliveryAttempt' must be an integer");
            reader.Skip();
            return null;
        }

        /// <summary>A text field of the message, named in camelCase or snake_case (camelCase wins when both are sent).</summary>
        private sealed class TextField(string camel, string snake)
        {
            public string Name { get; } = camel;

            public byte[] CamelName { get; } = System.Text.Encoding.UTF8.GetBytes(camel);

            public byte[] SnakeName { get; } = System.Text.Encoding.UTF8.GetBytes(snake);

            public string? Camel { get; set; }

            public string? Snake { get; set; }

            public string Value => Camel ?? Snake ?? string.Empty;
        }
    }
}
