using CloudNative.CloudEvents;
using CryptoSignalTracker.Hosting;

namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>
/// The Aggregator: a Pub/Sub delivery from <c>raw-tick-data-bybit</c> (push envelope or CloudEvent) handed to the
/// <see cref="CandleAssembler"/>. A malformed message is dead-lettered by the host; a minute whose batches are not
/// all stored yet fails (500) so Pub/Sub redelivers it.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : ICloudEventFunction<MessagePublishedData>
{
    private readonly CandleAssembler _assembler;

    /// <summary>Creates the function.</summary>
    public Function(CandleAssembler assembler) => _assembler = assembler;

    /// <inheritdoc />
    public Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _assembler.HandleAsync(data.Message.Data, cancellationToken);
    }
}
