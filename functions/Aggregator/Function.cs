using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
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
    private readonly StageHeartbeatRecorder _health;

    /// <summary>Creates the function.</summary>
    public Function(CandleAssembler assembler, StageHeartbeatRecorder health)
    {
        _assembler = assembler;
        _health = health;
    }

    /// <inheritdoc />
    public async Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        await _assembler.HandleAsync(data.Message.Data, cancellationToken).ConfigureAwait(false);
        _health.Event(StageHeartbeatBus.BatchMinute(data.Message.Data));
    }
}
