using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// A bus that tells a stage's health record what the stage published (<see cref="Record"/>): each raw-tick message is an
/// Ingestor event (at a trade batch's minute), each candle correction an Aggregator correction. Everything else passes
/// through untouched. A function's bus carries one stage's messages, so it has that stage's recorder.
/// </summary>
public sealed class StageHeartbeatBus(IMessageBus inner, StageHeartbeatRecorder recorder) : IMessageBus
{
    /// <summary>
    /// The one rule of what a publish means to the stages' health (also used by <c>cst run</c>, whose one bus carries
    /// every stage's messages): a raw-tick message is an event of the Ingestor (at the batch's minute; a minute-closed
    /// marker has none), a published correction a correction of the Aggregator. <paramref name="stage"/> gives a stage's recorder.
    /// </summary>
    public static void Record(string topic, BusMessage message, Func<string, StageHeartbeatRecorder> stage)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(stage);
        if (topic == PipelineTopics.RawTicks)
        {
            stage(PipelineStages.Ingestor).Event(BatchMinute(message.Data));
        }
        else if (topic == PipelineTopics.Candles && message.Attributes.GetValueOrDefault(PipelineTopics.KindAttribute) == RawTickMessageCodec.CorrectionKind)
        {
            stage(PipelineStages.Aggregator).Correction();
        }
    }

    /// <summary>The minute of a raw-tick trade batch (its exchange time, to the minute); null for a minute marker or what is not a batch.</summary>
    public static long? BatchMinute(ReadOnlyMemory<byte> data) => RawTickMessageCodec.TryReadBatchIdentity(data, out var batch) ? batch.MinuteMs : null;

    /// <inheritdoc />
    public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => inner.EnsureSubscriptionAsync(subscription, cancellationToken);

    /// <inheritdoc />
    public async Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        var id = await inner.PublishAsync(topic, message, cancellationToken).ConfigureAwait(false);
        Record(topic, message, _ => recorder);
        return id;
    }

    /// <inheritdoc />
    public void ResumePublish(string topic, string orderingKey) => inner.ResumePublish(topic, orderingKey);

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        inner.SubscribeAsync(subscription, handler, cancellationToken);
}
