using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>The subscriber's settings.</summary>
public sealed partial class PubSubSubscriber
{
    /// <summary>Settings of a <see cref="PubSubSubscriber"/>; validated when the subscriber is built.</summary>
    public sealed class Settings
    {
        /// <summary>Default <see cref="AckDeadline"/>: 60 seconds.</summary>
        public static readonly TimeSpan DefaultAckDeadline = TimeSpan.FromSeconds(60);

        /// <summary>Smallest ack deadline Pub/Sub accepts: 10 seconds.</summary>
        public static readonly TimeSpan MinAckDeadline = TimeSpan.FromSeconds(10);

        /// <summary>Largest ack deadline Pub/Sub accepts: 600 seconds.</summary>
        public static readonly TimeSpan MaxAckDeadline = TimeSpan.FromSeconds(600);

        /// <summary>Default <see cref="MaxLeaseExtension"/>: 60 minutes.</summary>
        public static readonly TimeSpan DefaultMaxLeaseExtension = TimeSpan.FromMinutes(60);

        /// <summary>Default <see cref="ReconnectMinBackoff"/>: 100 milliseconds.</summary>
        public static readonly TimeSpan DefaultReconnectMinBackoff = TimeSpan.FromMilliseconds(100);

        /// <summary>Default <see cref="ReconnectMaxBackoff"/>: 10 seconds.</summary>
        public static readonly TimeSpan DefaultReconnectMaxBackoff = TimeSpan.FromSeconds(10);

        /// <summary>Default <see cref="MaxOutstandingMessages"/>: 1,000 messages.</summary>
        public const long DefaultMaxOutstandingMessages = 1_000;

        /// <summary>Default <see cref="MaxOutstandingBytes"/>: 100,000,000 bytes (100 MB).</summary>
        public const long DefaultMaxOutstandingBytes = 100_000_000;

        /// <summary>Most ack ids sent in one Acknowledge/ModifyAckDeadline request.</summary>
        public const int MaxAckIdsPerRequest = 2_500;

        /// <summary>The defaults.</summary>
        public static Settings Default { get; } = new();

        /// <summary>
        /// Ack deadline asked for on the stream, 10..600 s; leases of messages still being handled are extended
        /// every half of it. Default 60 s.
        /// </summary>
        public TimeSpan AckDeadline { get; init; } = DefaultAckDeadline;

        /// <summary>Longest time one message's lease is extended while its handler runs. Default 60 min.</summary>
        public TimeSpan MaxLeaseExtension { get; init; } = DefaultMaxLeaseExtension;

        /// <summary>Messages handed to handlers and not yet acked/nacked, at most (flow control). Default 1,000.</summary>
        public long MaxOutstandingMessages { get; init; } = DefaultMaxOutstandingMessages;

        /// <summary>Payload bytes handed to handlers and not yet acked/nacked, at most (flow control). Default 100 MB.</summary>
        public long MaxOutstandingBytes { get; init; } = DefaultMaxOutstandingBytes;

        /// <summary>First delay before re-opening a broken stream; doubles (with jitter) per failure. Default 100 ms.</summary>
        public TimeSpan ReconnectMinBackoff { get; init; } = DefaultReconnectMinBackoff;

        /// <summary>Longest delay between reconnect attempts. Default 10 s.</summary>
        public TimeSpan ReconnectMaxBackoff { get; init; } = DefaultReconnectMaxBackoff;

        /// <summary>Deadline and retries of Acknowledge / ModifyAckDeadline / GetSubscription calls. Default <see cref="GoogleCallSettings.Default"/>.</summary>
        public GoogleCallSettings CallSettings { get; init; } = GoogleCallSettings.Default;

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
        public void Validate()
        {
            if (AckDeadline < MinAckDeadline || AckDeadline > MaxAckDeadline || AckDeadline.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                throw new ArgumentException($"{nameof(AckDeadline)} must be whole seconds in {MinAckDeadline}..{MaxAckDeadline}, was {AckDeadline}.", nameof(AckDeadline));
            }

            if (MaxLeaseExtension <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{nameof(MaxLeaseExtension)} must be positive, was {MaxLeaseExtension}.", nameof(MaxLeaseExtension));
            }

            if (MaxOutstandingMessages < 1)
            {
                throw new ArgumentException($"{nameof(MaxOutstandingMessages)} must be at least 1, was {MaxOutstandingMessages}.", nameof(MaxOutstandingMessages));
            }

            if (MaxOutstandingBytes < 1)
            {
                throw new ArgumentException($"{nameof(MaxOutstandingBytes)} must be at least 1, was {MaxOutstandingBytes}.", nameof(MaxOutstandingBytes));
            }

            if (ReconnectMinBackoff <= TimeSpan.Zero || ReconnectMaxBackoff < ReconnectMinBackoff)
            {
                throw new ArgumentException(
                    $"{nameof(ReconnectMinBackoff)} must be positive and at most {nameof(ReconnectMaxBackoff)}; were {ReconnectMinBackoff} and {ReconnectMaxBackoff}.",
                    nameof(ReconnectMinBackoff));
            }

            ArgumentNullException.ThrowIfNull(CallSettings, nameof(CallSettings));
            CallSettings.Validate();
        }
    }
}
