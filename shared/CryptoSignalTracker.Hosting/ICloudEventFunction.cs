using CloudNative.CloudEvents;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// A function that handles one CloudEvent whose data decodes to <typeparamref name="TData"/> (as in the
/// Functions Framework for .NET). For Pub/Sub deliveries use <see cref="MessagePublishedData"/>.
/// </summary>
/// <remarks>
/// Returning normally acknowledges the event (HTTP 200). Throwing makes the host answer 500, so Pub/Sub
/// redelivers it; throwing <see cref="Core.Ports.UnprocessableMessageException"/> marks the event as
/// permanently bad: the host dead-letters it (see <see cref="HostingOptions.DeadLetterTopic"/>).
/// </remarks>
/// <typeparam name="TData">The event's data type, decoded from JSON.</typeparam>
public interface ICloudEventFunction<in TData>
    where TData : class
{
    /// <summary>Handles one event.</summary>
    Task HandleAsync(CloudEvent cloudEvent, TData data, CancellationToken cancellationToken);
}
