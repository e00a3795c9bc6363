namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>The end of one Bot API call.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="MessageId">The sent or edited message's id when <see cref="TelegramOutcome.Done"/>.</param>
/// <param name="MigratedToChatId">The new chat id when <see cref="TelegramOutcome.Migrated"/>.</param>
/// <param name="Description">Telegram's description of a failure (secret-free), or null.</param>
public readonly record struct TelegramResult(TelegramOutcome Outcome, int MessageId = 0, long MigratedToChatId = 0, string? Description = null)
{
    /// <summary>True when the message is (now) in the wanted state.</summary>
    public bool Succeeded => Outcome is TelegramOutcome.Done or TelegramOutcome.NotModified;
}
