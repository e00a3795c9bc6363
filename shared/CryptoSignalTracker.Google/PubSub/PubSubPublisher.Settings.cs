using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>The publisher's settings.</summary>
public sealed partial class PubSubPublisher
{
    /// <summary>
    /// Batching and call settings of a <see cref="PubSubPublisher"/>. A batch is sent when it holds
    /// <see cref="ElementCountThreshold"/> messages, or <see cref="ByteCountThreshold"/> bytes, or
    /// <see cref="DelayThreshold"/> after its first message, whichever comes first. Validated when the publisher is built.
    /// </summary>
    public sealed class Settings
    {
        /// <summary>Default <see cref="ElementCountThreshold"/>: 100 messages.</summary>
        public const int DefaultElementCountThreshold = 100;

        /// <summary>Default <see cref="ByteCountThreshold"/>: 1,000,000 bytes (1 MB).</summary>
        public const int DefaultByteCountThreshold = 1_000_000;

        /// <summary>API maximum for <see cref="ElementCountThreshold"/>: 1,000 messages per publish request.</summary>
        public const int ApiMaxElementCount = 1_000;

        /// <summary>API maximum for <see cref="ByteCountThreshold"/>: 10,000,000 bytes (10 MB) per publish request.</summary>
        public const int ApiMaxByteCount = 10_000_000;

        /// <summary>Default <see cref="DelayThreshold"/>: 10 milliseconds.</summary>
        public static readonly TimeSpan DefaultDelayThreshold = TimeSpan.FromMilliseconds(10);

        /// <summary>Delay of <see cref="LowLatency"/>: 1 millisecond.</summary>
        public static readonly TimeSpan LowLatencyDelayThreshold = TimeSpan.FromMilliseconds(1);

        /// <summary>Largest allowed <see cref="DelayThreshold"/>: 1 minute.</summary>
        public static readonly TimeSpan MaxDelayThreshold = TimeSpan.FromMinutes(1);

        /// <summary>Default <see cref="ShutdownTimeout"/>: 30 seconds (declared before the presets, which use it).</summary>
        public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

        /// <summary>The defaults: 100 messages / 1 MB / 10 ms.</summary>
        public static Settings Default { get; } = new();

        /// <summary>Small batches sent after at most 1 ms: lowest latency, more requests.</summary>
        public static Settings LowLatency { get; } = new() { DelayThreshold = LowLatencyDelayThreshold };

        /// <summary>The API maxima: 1,000 messages / 10 MB per request (10 ms delay): highest throughput.</summary>
        public static Settings ApiMaximum { get; } = new() { ElementCountThreshold = ApiMaxElementCount, ByteCountThreshold = ApiMaxByteCount };

        /// <summary>Messages per batch, 1..1,000. Default 100.</summary>
        public int ElementCountThreshold { get; init; } = DefaultElementCountThreshold;

        /// <summary>Serialized bytes per batch, 1..10,000,000; one larger message is sent alone. Default 1,000,000.</summary>
        public int ByteCountThreshold { get; init; } = DefaultByteCountThreshold;

        /// <summary>
        /// Longest time a message waits for its batch to fill, 0..1 min; <see cref="TimeSpan.Zero"/> sends each
        /// message's batch at once (no waiting). Default 10 ms.
        /// </summary>
        public TimeSpan DelayThreshold { get; init; } = DefaultDelayThreshold;

        /// <summary>
        /// Longest time <see cref="PubSubPublisher.DisposeAsync"/> waits for waiting and in-flight batches (its own limit,
        /// apart from the calls' retries), more than zero; then what is unpublished fails with a
        /// <see cref="TimeoutException"/>. Default 30 s (Cloud Run gives a stopping instance 10 s, so functions that
        /// must finish in that use less).
        /// </summary>
        public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

        /// <summary>Deadline and retries of each publish request. Default <see cref="GoogleCallSettings.Default"/> (30 s, 5 attempts).</summary>
        public GoogleCallSettings CallSettings { get; init; } = GoogleCallSettings.Default;

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
        public void Validate()
        {
            if (ElementCountThreshold is < 1 or > ApiMaxElementCount)
            {
                throw new ArgumentException(
                    $"{nameof(ElementCountThreshold)} must be 1..{ApiMaxElementCount}, was {ElementCountThreshold}.", nameof(ElementCountThreshold));
            }

            if (ByteCountThreshold is < 1 or > ApiMaxByteCount)
            {
                throw new ArgumentException(
                    $"{nameof(ByteCountThreshold)} must be 1..{ApiMaxByteCount}, was {ByteCountThreshold}.", nameof(ByteCountThreshold));
            }

            if (DelayThreshold < TimeSpan.Zero || DelayThreshold > MaxDelayThreshold)
            {
                throw new ArgumentException($"{nameof(DelayThreshold)} must be 0..{MaxDelayThreshold}, was {DelayThreshold}.", nameof(DelayThreshold));
            }

            if (ShutdownTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{nameof(ShutdownTimeout)} must be positive, was {ShutdownTimeout}.", nameof(ShutdownTimeout));
            }

            ArgumentNullException.ThrowIfNull(CallSettings, nameof(CallSettings));
            CallSettings.Validate();
        }
    }
}
