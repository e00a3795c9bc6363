namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// The work could not be finished now but will succeed later: the caller (a bus handler) must let the message be
/// redelivered. Nothing already sent is sent again on redelivery. The message never contains a secret.
/// </summary>
public class RetryableNotificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetryableNotificationException(string message)
        : base(message)
    {
    }
}
