namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// Limits and retries of the one send queue every outgoing message goes through (Bot API FAQ, protocols.md §3.10).
/// The limits are per process: run one notifier instance, or divide <see cref="GlobalPerSecond"/> by the instance count.
/// </summary>
public sealed class SendQueueOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telegram:SendQueue";

    /// <summary>Messages per second across all chats. Default 29 (Telegram's guidance is about 30).</summary>
    public double GlobalPerSecond { get; init; } = 29;

    /// <summary>Least time between two messages to the same chat. Default 1 s.</summary>
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per minute to one group (negative chat id). Default 20.</summary>
    public int PerGroupPerMinute { get; init; } = 20;

    /// <summary>Retries after a 5xx, a network error or a timeout, with exponential backoff. Default 4.</summary>
    public int MaxTransientRetries { get; init; } = 4;

    /// <summary>First backoff delay; it doubles on each retry. Default 1 s.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff delay. Default 16 s.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(16);

    /// <summary>How many 429 answers are waited out in one call. Default 3.</summary>
    public int MaxRateLimitRetries { get; init; } = 3;

    /// <summary>
    /// Longest <c>retry_after</c> waited out in-process; a longer one makes the call fail as retryable so the bus
    /// redelivers later instead of holding the handler. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one HTTP request to the Bot API. Default 15 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (!(GlobalPerSecond is > 0 and <= 1000))
        {
            throw new ArgumentException($"global send rate {GlobalPerSecond}/s is out of range (0..1000]", nameof(GlobalPerSecond));
        }

        if (PerChatInterval < TimeSpan.Zero || PerChatInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"per-chat interval {PerChatInterval} is out of range (0..1 min)", nameof(PerChatInterval));
        }

        if (PerGroupPerMinute is < 1 or > 1000)
        {
            throw new ArgumentException($"per-group rate {PerGroupPerMinute}/min is out of range (1..1000)", nameof(PerGroupPerMinute));
        }

        if (MaxTransientRetries is < 0 or > 20 || MaxRateLimitRetries is < 0 or > 20)
        {
            throw new ArgumentException("retry counts must be 0..20", nameof(MaxTransientRetries));
        }

        if (BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase)
        {
            throw new ArgumentException($"backoff base {BackoffBase} must be positive and not above the max {BackoffMax}", nameof(BackoffBase));
        }

        if (MaxRetryAfter < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("max retry-after must not be negative and the request timeout must be positive", nameof(RequestTimeout));
        }
    }
}
