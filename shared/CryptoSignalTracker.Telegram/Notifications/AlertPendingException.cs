using CryptoSignalTracker.Telegram.Sending;

namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>
/// Some chats' alerts are being sent by another instance right now (or this one ran past its lease while queued):
/// retryable. Redelivery either finds them sent or takes them over once the lease runs out.
/// </summary>
public sealed class AlertPendingException : RetryableNotificationException
{
    /// <summary>Creates the exception for <paramref name="chats"/> chats of <paramref name="signalId"/>.</summary>
    public AlertPendingException(string signalId, int chats)
        : base($"alert {signalId}: {chats} chat(s) still pending on another instance or past their lease; redeliver later")
    {
        SignalId = signalId;
        Chats = chats;
    }

    /// <summary>The signal.</summary>
    public string SignalId { get; }

    /// <summary>How many chats are pending.</summary>
    public int Chats { get; }
}
