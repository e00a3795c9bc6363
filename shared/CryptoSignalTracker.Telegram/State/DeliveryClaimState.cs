namespace CryptoSignalTracker.Telegram.State;

/// <summary>Where a delivery attempt stands.</summary>
public enum DeliveryClaimState
{
    /// <summary>An instance holds the lease and is sending (or crashed while sending).</summary>
    Pending = 1,

    /// <summary>Sent; the alert log has the message id.</summary>
    Sent = 2,

    /// <summary>The holder gave it up (Telegram was unavailable): the next delivery takes over at once.</summary>
    Released = 3,

    /// <summary>Will never be delivered (chat blocked the bot, chat gone, message rejected); not retried.</summary>
    Failed = 4,
}
