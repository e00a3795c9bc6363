using System.Net.Mime;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using CryptoSignalTracker.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Turns an HTTP request into a CloudEvent: binary content mode (<c>ce-*</c> headers, body = data), structured
/// content mode (<c>application/cloudevents+json</c>), or a plain Pub/Sub push envelope
/// (<c>{"message":{...},"subscription":...}</c>, turned into a <c>messagePublished</c> event whose data is the envelope).
/// The event's <see cref="CloudEvent.Data"/> is the data as bytes, except for a push envelope, whose data is the parsed
/// <see cref="MessagePublishedData"/>: its message data decoded in place in the body's own array (no copy of the body).
/// </summary>
public static class CloudEventRequestDecoder
{
    private const string HeaderPrefix = "ce-";
    private const string StructuredMediaType = "application/cloudevents+json";
    private const string BatchMediaType = "application/cloudevents-batch+json";
    private const int MaxEventIdLength = 256;
    private const int ChunkBytes = 64 * 1024; // below the 85,000-byte large-object threshold
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Reads and decodes the request body (at most <paramref name="maxBodyBytes"/>).</summary>
    /// <exception cref="CloudEventDecodingException">The request is not a CloudEvent or a push envelope; the message says why.</exception>
    public static async Task<CloudEvent> DecodeAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        return Decode(request.Headers, request.ContentType, request.Path.Value ?? "/", body);
    }

    /// <summary>
    /// Decodes a request from its parts (used by <see cref="DecodeAsync"/> and tests). <paramref name="body"/> becomes the
    /// event's: a push envelope's message data is decoded in place in it (<see cref="MessagePublishedData.ParseInPlace"/>).
    /// </summary>
    /// <exception cref="CloudEventDecodingException">The request is not a CloudEvent or a push envelope; the message says why.</exception>
    public static CloudEvent Decode(IHeaderDictionary headers, string? contentType, string path, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        if (headers.ContainsKey("ce-specversion"))
        {
            return DecodeBinary(headers, contentType, body);
        }

        var mediaType = MediaTypeOf(contentType);
        if (string.Equals(mediaType, BatchMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new CloudEventDecodingException("batched CloudEvents (application/cloudevents-batch+json) are not accepted; send one event per request");
        }

        if (string.Equals(mediaType, StructuredMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return DecodeStructured(contentType!, body);
        }

        return DecodePushEnvelope(path, contentType, body);
    }

    private static CloudEvent DecodeBinary(IHeaderDictionary headers, string? contentType, byte[] body)
    {
        var version = headers["ce-specversion"].ToString();
        var spec = CloudEventsSpecVersion.FromVersionId(version)
            ?? throw new CloudEventDecodingException($"header ce-specversion '{version}' is not a CloudEvents version this host knows (expected 1.0)");
        var cloudEvent = new CloudEvent(spec);
        foreach (var header in headers)
        {
            if (!header.Key.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase) || header.Key.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = header.Key[HeaderPrefix.Length..].ToLowerInvariant();
            var value = Uri.UnescapeDataString(header.Value.ToString());
            try
            {
                cloudEvent.SetAttributeFromString(name, value);
            }
            catch (ArgumentException ex)
            {
                throw new CloudEventDecodingException($"header {header.Key} '{value}' is invalid: {ex.Message}", ex);
            }
        }

        if (!string.IsNullOrEmpty(contentType))
        {
            cloudEvent.DataContentType = contentType;
        }

        cloudEvent.Data = body;
        return Validated(cloudEvent, "binary-mode CloudEvent (ce-* headers)");
    }

    private static CloudEvent DecodeStructured(string contentType, byte[] body)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), extensionAttributes: null);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            throw new CloudEventDecodingException($"the structured-mode CloudEvent body is invalid: {ex.Message}", ex);
        }

        cloudEvent.Data = cloudEvent.Data switch
        {
            null => Array.Empty<byte>(),
            byte[] bytes => bytes,
            // the data's UTF-8 text as it stands in the body (GetRawText would make a UTF-16 string of twice its size first)
            JsonElement element => JsonMarshal.GetRawUtf8Value(element).ToArray(),
            string text => Encoding.UTF8.GetBytes(text),
            var other => throw new CloudEventDecodingException($"the structured-mode CloudEvent data has an unsupported form ({other.GetType().Name})"),
        };
        return Validated(cloudEvent, "structured-mode CloudEvent");
    }

    private static CloudEvent DecodePushEnvelope(string path, string? contentType, byte[] body)
    {
        MessagePublishedData envelope;
        try
        {
            envelope = MessagePublishedData.ParseInPlace(body);
        }
        catch (FormatException ex)
        {
            throw new CloudEventDecodingException(
                $"not a CloudEvent (no ce-specversion header, content type '{contentType}' is not {StructuredMediaType}) and not a Pub/Sub push envelope: {ex.Message}", ex);
        }

        if (envelope.Message.MessageId.Length == 0)
        {
            throw new CloudEventDecodingException("the Pub/Sub push envelope has no 'message.messageId'");
        }

        if (InputRules.Text(envelope.Message.MessageId, "the push envelope's 'message.messageId'", MaxEventIdLength) is { } badId)
        {
            throw new CloudEventDecodingException(badId);
        }

        // The topic is in the path when the push endpoint was configured as .../projects/<p>/topics/<t>; else name the subscription.
        var trimmed = path.Trim('/');
        var source = trimmed.StartsWith("projects/", StringComparison.Ordinal) && trimmed.Contains("/topics/", StringComparison.Ordinal)
            ? PubSubEventTypes.SourcePrefix + trimmed
            : PubSubEventTypes.SourcePrefix + (envelope.Subscription.Length > 0 ? envelope.Subscription : "unknown-subscription");
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = envelope.Message.MessageId,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = PubSubEventTypes.MessagePublished,
            Time = envelope.Message.PublishTime,
            DataContentType = "application/json",
            Data = envelope,
        };
        return cloudEvent;
    }

    private static CloudEvent Validated(CloudEvent cloudEvent, string what)
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(cloudEvent.Id))
        {
            missing.Add("id");
        }

        if (cloudEvent.Source is null)
        {
            missing.Add("source");
        }

        if (string.IsNullOrEmpty(cloudEvent.Type))
        {
            missing.Add("type");
        }

        if (missing.Count > 0)
        {
            throw new CloudEventDecodingException($"the {what} lacks the required attribute(s) {string.Join(", ", missing)}");
        }

        return InputRules.Text(cloudEvent.Id, $"the {what}'s id", MaxEventIdLength) is { } badId
            ? throw new CloudEventDecodingException(badId)
            : cloudEvent;
    }

    private static string? MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw new CloudEventDecodingException($"the body is {request.ContentLength} bytes, more than the {maxBodyBytes} accepted");
        }

        if (request.ContentLength is { } length)
        {
            // One array of the declared size: a growing MemoryStream allocated about four times the body (doublings, then
            // ToArray) on the large-object heap, which is what 4 concurrent 8 MiB envelopes ran out of under a 384 MiB limit.
            var body = new byte[length];
            var filled = 0;
            while (filled < body.Length)
            {
                var n = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new CloudEventDecodingException($"the body ended after {filled} of the {length} bytes its Content-Length announced");
                }

                filled += n;
            }

            return body;
        }

        // Unknown length (chunked): small chunks (below the large-object heap), then one array of the total. A growing
        // MemoryStream doubles on the large-object heap and copies once more in ToArray, about four times the body.
        var chunks = new List<byte[]>();
        long total = 0;
        while (true)
        {
            var chunk = new byte[ChunkBytes];
            var read = await request.Body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (total + read > maxBodyBytes)
            {
                throw new CloudEventDecodingException($"the body is more than the {maxBodyBytes} bytes accepted");
            }

            total += read;
            if (read > 0)
            {
                chunks.Add(read == chunk.Length ? chunk : chunk[..read]);
            }

            if (read < chunk.Length)
            {
                break;
            }
        }

        var whole = new byte[total];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(whole, offset);
            offset += chunk.Length;
        }

        return whole;
    }
}
