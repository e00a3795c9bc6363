namespace CryptoSignalTracker.Core.Ports;

/// <summary>Attributes a bus adds to a message it moves to a dead-letter topic.</summary>
public static class DeadLetterAttributes
{
    /// <summary>Why the message was dead-lettered: the handler's last error ("ExceptionType: message").</summary>
    public const string Reason = "cst-dead-letter-reason";

    /// <summary>How many deliveries were attempted (decimal integer).</summary>
    public const string DeliveryAttempts = "cst-dead-letter-attempts";

    /// <summary>The subscription the message failed on.</summary>
    public const string Subscription = "cst-dead-letter-subscription";

    /// <summary>The id the message had on its original topic.</summary>
    public const string OriginalMessageId = "cst-dead-letter-message-id";
}
