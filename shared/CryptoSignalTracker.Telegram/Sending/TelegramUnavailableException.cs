namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// Telegram could not be reached or kept refusing (5xx, network errors, timeouts, long flood waits, a rejected
/// token) after the configured retries. Retryable: redeliver the event later. The message is secret-free and
/// carries no inner exception (whose text could hold a request URL with the token).
/// </summary>
public sealed class TelegramUnavailableException : RetryableNotificationException
{
    /// <summary>Creates the exception.</summary>
    public TelegramUnavailableException(string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The wait Telegram asked for, when it asked (429).</summary>
    public TimeSpan? RetryAfter { get; }
}
