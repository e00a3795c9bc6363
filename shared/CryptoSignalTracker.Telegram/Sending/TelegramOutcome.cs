namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>How a Bot API call ended (retryable failures are thrown as <see cref="TelegramUnavailableException"/> instead).</summary>
public enum TelegramOutcome
{
    /// <summary>Sent or edited; the result carries the message id.</summary>
    Done = 0,

    /// <summary>An edit with identical text and keyboard (<c>message is not modified</c>): already in the wanted state.</summary>
    NotModified = 1,

    /// <summary>403: the user blocked the bot, or the bot was removed from the group.</summary>
    Blocked = 2,

    /// <summary>400 <c>chat not found</c>: the chat no longer exists for the bot.</summary>
    ChatGone = 3,

    /// <summary>400 with <c>migrate_to_chat_id</c>: the group became a supergroup with a new id.</summary>
    Migrated = 4,

    /// <summary>Any other 400 (e.g. the message to edit was deleted): will not succeed on retry.</summary>
    Rejected = 5,

    /// <summary>The caller's deadline to start sending passed while the message waited in the queue; nothing was sent.</summary>
    DeadlinePassed = 6,

    /// <summary>A best-effort send found no slot soon enough (or Telegram was busy) and was not sent (<see cref="TelegramGateway.TrySendTextSoonAsync"/>).</summary>
    Dropped = 7,
}
