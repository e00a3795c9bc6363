using CryptoSignalTracker.Core.Health;
using System.Text.Json;
using CloudNative.CloudEvents;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Serves one <see cref="ICloudEventFunction{TData}"/>: decodes the request (400 with the reason when it cannot),
/// decodes the data, calls the function (200), answers 500 when it throws (Pub/Sub redelivers), and dead-letters
/// a message the function declares unprocessable (see <see cref="HostingOptions.DeadLetterTopic"/>).
/// </summary>
internal sealed class CloudEventDispatcher<TFunction, TData> : IRequestDispatcher, IDisposable
    where TFunction : class, ICloudEventFunction<TData>
    where TData : class
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly long _maxBodyBytes;
    private readonly SemaphoreSlim _largeBodies;

    public CloudEventDispatcher(long maxBodyBytes, int maxConcurrentLargeBodies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentLargeBodies, 1);
        _maxBodyBytes = maxBodyBytes;
        _largeBodies = new SemaphoreSlim(maxConcurrentLargeBodies);
    }

    public async Task DispatchAsync(HttpContext context)
    {
        // Large bodies take turns (bounded memory); small ones, the normal case, never wait.
        var large = context.Request.ContentLength is not { } length || length > FunctionHostSettings.LargeBodyBytes;
        if (!large)
        {
            await DispatchCoreAsync(context).ConfigureAwait(false);
            return;
        }

        await _largeBodies.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await DispatchCoreAsync(context).ConfigureAwait(false);
        }
        finally
        {
            _largeBodies.Release();
        }
    }

    public void Dispose() => _largeBodies.Dispose();

    private async Task DispatchCoreAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CryptoSignalTracker.Hosting.CloudEvents");
        var ct = context.RequestAborted;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"send CloudEvents and Pub/Sub pushes with POST, not {context.Request.Method}").ConfigureAwait(false);
            return;
        }

        CloudEvent cloudEvent;
        TData data;
        try
        {
            cloudEvent = await CloudEventRequestDecoder.DecodeAsync(context.Request, _maxBodyBytes, ct).ConfigureAwait(false);
            data = DecodeData(cloudEvent);
        }
        catch (CloudEventDecodingException ex)
        {
            logger.LogWarning("Rejected a request that is not a valid event: {reason}", ex.Message);
            await WriteAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ce_id"] = cloudEvent.Id });
        try
        {
            var function = services.GetRequiredService<TFunction>();
            await function.HandleAsync(cloudEvent, data, ct).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (UnprocessableMessageException ex)
        {
            await DeadLetterAsync(context, logger, cloudEvent, data, ex).ConfigureAwait(false);
        }
        catch (RetryLaterException ex)
        {
            logger.LogWarning("Event {ce_id} cannot be handled yet: {reason}; answering 503 so Pub/Sub redelivers it", cloudEvent.Id, ex.Message);
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogWarning("Event {ce_id} was cancelled before it finished (caller gone or host stopping); Pub/Sub will redeliver it", cloudEvent.Id);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Event {ce_id} failed; answering 500 so Pub/Sub redelivers it", cloudEvent.Id);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"{ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
        }
    }

    private static TData DecodeData(CloudEvent cloudEvent)
    {
        if (cloudEvent.Data is MessagePublishedData envelope)
        {
            // A push envelope, parsed once by the request decoder.
            return envelope as TData
                ?? throw new CloudEventDecodingException($"event {cloudEvent.Id}: a Pub/Sub push envelope carries MessagePublishedData, this function takes {typeof(TData).Name}");
        }

        var bytes = cloudEvent.Data as byte[] ?? [];
        if (typeof(TData) == typeof(MessagePublishedData))
        {
            try
            {
                // The bytes are this request's own (read or decoded by CloudEventRequestDecoder): decode the data in place,
                // and let the event carry the parsed form from now on.
                var parsed = MessagePublishedData.ParseInPlace(bytes);
                cloudEvent.Data = parsed;
                return (TData)(object)parsed;
            }
            catch (FormatException ex)
            {
                throw new CloudEventDecodingException($"event {cloudEvent.Id}: the data is not Pub/Sub MessagePublishedData: {ex.Message}", ex);
            }
        }

        if (typeof(TData) == typeof(byte[]))
        {
            return (TData)(object)bytes;
        }

        try
        {
            return JsonSerializer.Deserialize<TData>(bytes, DataJson)
                ?? throw new CloudEventDecodingException($"event {cloudEvent.Id}: the data is JSON null, expected {typeof(TData).Name}");
        }
        catch (JsonException ex)
        {
            throw new CloudEventDecodingException($"event {cloudEvent.Id}: the data is not a {typeof(TData).Name}: {ex.Message}", ex);
        }
    }

    private static async Task DeadLetterAsync(HttpContext context, ILogger logger, CloudEvent cloudEvent, TData data, UnprocessableMessageException ex)
    {
        Rejections.Record(Rejections.Message);
        var services = context.RequestServices;
        services.GetService<StageHeartbeatRecorder>()?.DeadLetter();
        var options = services.GetRequiredService<IOptions<HostingOptions>>().Value;
        var bus = services.GetService<IMessageBus>();
        var (payload, attributes, messageId, subscription, attempt) = data is MessagePublishedData published
            ? (published.Message.Data, new Dictionary<string, string>(published.Message.Attributes, StringComparer.Ordinal), published.Message.MessageId, published.Subscription, published.DeliveryAttempt ?? 1)
            : ((ReadOnlyMemory<byte>)(cloudEvent.Data as byte[] ?? []), new Dictionary<string, string>(StringComparer.Ordinal), cloudEvent.Id ?? string.Empty, cloudEvent.Source?.ToString() ?? string.Empty, 1);
        if (options.DeadLetterTopic is null || bus is null)
        {
            logger.LogEvent(LogLevel.Error, "message_unprocessable",
                "Message {message_id} cannot be processed: {reason}; answering 422 so Pub/Sub dead-letters it after its max delivery attempts (attempt {attempt})",
                messageId, ex.Message, attempt);
            await WriteAsync(context, StatusCodes.Status422UnprocessableEntity, ex.Message).ConfigureAwait(false);
            return;
        }

        // Pub/Sub attribute values hold at most 1024 bytes: the reason is cut (it names the field first).
        var reason = $"{nameof(UnprocessableMessageException)}: {ex.Message}";
        attributes[DeadLetterAttributes.Reason] = reason.Length > 300 ? reason[..300] + "…" : reason;
        attributes[DeadLetterAttributes.DeliveryAttempts] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        attributes[DeadLetterAttributes.Subscription] = subscription;
        attributes[DeadLetterAttributes.OriginalMessageId] = messageId;
        var message = new BusMessage(payload, attributes);
        try
        {
            try
            {
                await bus.PublishAsync(options.DeadLetterTopic, message, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TopicNotFoundException)
            {
                // The embedded in-process bus starts without topics: create its dead-letter topic on first use. (On Google,
                // Terraform or `cst dev up` creates it; creating it here needs the admin right the function may lack, which fails as before.)
                await bus.EnsureTopicAsync(options.DeadLetterTopic, context.RequestAborted).ConfigureAwait(false);
                await bus.PublishAsync(options.DeadLetterTopic, message, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception publishError) when (publishError is not OperationCanceledException)
        {
            logger.LogError(publishError, "Message {message_id} cannot be processed ({reason}) and publishing it to {topic} failed; answering 500 so Pub/Sub retries",
                messageId, ex.Message, options.DeadLetterTopic);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"dead-lettering failed: {publishError.Message}").ConfigureAwait(false);
            return;
        }

        logger.LogEvent(LogLevel.Error, "message_dead_lettered", "Message {message_id} cannot be processed: {reason}; published to {topic} and acknowledged",
            messageId, ex.Message, options.DeadLetterTopic);
        await WriteAsync(context, StatusCodes.Status200OK, $"dead-lettered to {options.DeadLetterTopic}: {ex.Message}").ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
