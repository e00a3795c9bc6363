using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// A bus that tells a stage's health record what the stage published: each raw-tick trade batch is an event of the
/// stage at the batch's minute (the Ingestor's), each candle correction a correction (the Aggregator's). Everything else
/// passes through untouched.
/// </summary>
public sealed class StageHeartbeatBus(IMessageBus inner, StageHeartbeatRecorder recorder) : IMessageBus
{
    /// <summary>The minute of a raw-tick trade batch (its exchange time, to the minute); null for a minute marker or what is not a batch.</summary>
    public static long? BatchMinute(ReadOnlyMemory<byte> data) => RawTickMessageCodec.TryReadBatchIdentity(data, out var batch) ? batch.MinuteMs : null;

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => inner.EnsureSubscriptionAsync(subscription, cancellationToken);

    /// <inheritdoc />
    public async Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = await inner.PublishAsync(topic, message, cancellationToken).ConfigureAwait(false);
        if (topic == PipelineTopics.RawTicks && BatchMinute(message.Data) is { } minute)
        {
            recorder.Event(minute);
        }
        else if (topic == PipelineTopics.Candles && message.Attributes.GetValueOrDefault(PipelineTopics.KindAttribute) == RawTickMessageCodec.CorrectionKind)
        {
            recorder.Correction();
        }

        return id;
    }

    /// <inheritdoc />
    public void ResumePublish(string topic, string orderingKey) => inner.ResumePublish(topic, orderingKey);

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(subscription, handler, cancellationToken);
}
